/**
 * The whole sign-in as a user meets it: `pipecat-tray login` as a child process, Debian's
 * chromium through the sandbox's real login and consent pages, the file on disk, `status`, and the
 * real CLI reading what we wrote: `pipecat cloud` as users run it today, and `pcc` of pipecatcloud
 * 0.7.2 (the last release that has it) for users of the previous generation.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAILURE_COPY, SUCCESS_TITLE } from '../main/core/pages/index.js';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { launchChromium, type LaunchedBrowser } from './support/browser.js';
import {
  ensureLegacyPcc,
  ensurePipecatCli,
  runLegacyPcc,
  runPipecatCloud,
  type CliRunOptions,
} from './support/cli.js';
import { AUTHORIZE_QUERY_KEYS, completeProviderLogin } from './support/provider-login.js';
import { loadWithPythonTomllib } from './support/python-toml.js';
import { runTrayCli, startTrayCli } from './support/tray-cli.js';

const SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/screenshots');
const AUTHORIZE_URL = /^ {2}(https:\/\/\S+)$/m;

let sandbox: Sandbox;
let browser: LaunchedBrowser;
let dir: string;
/** Everything any process of this suite printed: checked for secrets at the end. */
const transcripts: string[] = [];

beforeAll(async () => {
  // A first run installs both CLIs from PyPI: in the hook, whose timeout allows for it.
  await Promise.all([ensurePipecatCli(), ensureLegacyPcc()]);
  sandbox = await startSandbox();
  browser = await launchChromium();
  dir = await mkdtemp(path.join(tmpdir(), 'pipecat-tray-e2e-'));
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function trayEnv(): Record<string, string> {
  return { NODE_EXTRA_CA_CERTS: sandbox.caFile };
}

/** Starts `login --no-browser`, opens the printed link in chromium, and returns both ends. */
async function startLoginInBrowser(configPath: string): Promise<{
  cli: ReturnType<typeof startTrayCli>;
  page: Page;
  authorizeUrl: URL;
}> {
  const cli = startTrayCli(['login', '--no-browser', '--api-host', sandbox.apiHost, '--config', configPath], {
    env: trayEnv(),
  });
  const [, url = ''] = await cli.stdoutMatch(AUTHORIZE_URL);
  const page = await browser.context.newPage();
  await page.goto(url);
  return { cli, page, authorizeUrl: new URL(url) };
}

describe('pipecat-tray login, end to end', () => {
  const configPath = (): string => path.join(dir, 'signed-in', 'pipecatcloud.toml');
  let callbackCode = '';

  it('signs in through the real provider pages and writes the CLI file', async () => {
    const { cli, page, authorizeUrl } = await startLoginInBrowser(configPath());
    expect([...authorizeUrl.searchParams.keys()].sort()).toEqual(AUTHORIZE_QUERY_KEYS);
    const callback = await completeProviderLogin(page, sandbox.account);
    callbackCode = callback.searchParams.get('code') ?? '';
    expect(callbackCode).not.toBe('');

    const result = await cli.process.result;
    transcripts.push(result.stdout, result.stderr);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Signed in as dev@example.com · Acme Inc. (acme)');

    await page.waitForURL(/\/oauth_callback\/result$/);
    await expect(page.title()).resolves.toContain(SUCCESS_TITLE);
    expect(page.url()).not.toContain('code=');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'success-page.png') });
    await page.close();
  });

  it('leaves a 0600 file with float expiry that Python tomllib parses', async () => {
    const file = configPath();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    const toml = await loadWithPythonTomllib(file);
    expect(toml['token']).toMatchObject({ type: 'str' });
    expect(toml['refresh_token']).toMatchObject({ type: 'str' });
    expect(toml['org']).toEqual({ type: 'str', value: 'acme' });
    const expiry = toml['token_expires_at'] as { type: string; value: number };
    expect(expiry.type).toBe('float');
    expect(Math.abs(expiry.value - (Date.now() / 1000 + 86_400))).toBeLessThan(600);
    const text = await readFile(file, 'utf8');
    expect(text.match(/^token = "(.+)"$/m)?.[1]?.length).toBeGreaterThan(10);
    expect(text.match(/^refresh_token = "(.+)"$/m)?.[1]?.length).toBeGreaterThan(10);
  });

  it('status --json reports the email, OAuth and the org', async () => {
    const result = await runTrayCli(
      ['status', '--json', '--api-host', sandbox.apiHost, '--config', configPath()],
      {
        env: trayEnv(),
      },
    );
    transcripts.push(result.stdout, result.stderr);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      signedIn: true,
      email: 'dev@example.com',
      authMethod: 'oauth',
      org: 'acme',
      orgVerboseName: 'Acme Inc.',
      apiHost: sandbox.apiHost,
      tokenState: 'valid',
    });
  });

  const cliOptions = (): CliRunOptions => ({
    apiHost: sandbox.apiHost,
    configPath: configPath(),
    caFile: sandbox.caFile,
  });

  it('the real `pipecat cloud` CLI reads the same account from the file', async () => {
    const result = await runPipecatCloud(['auth', 'whoami'], cliOptions());
    transcripts.push(result.stdout, result.stderr);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^User\s+dev@example\.com\s*$/m);
    expect(result.stdout).toMatch(/^Active Organization\s+Acme Inc\. \(acme\)\s*$/m);
    expect(result.stdout).toMatch(/^Auth Method\s+OAuth\s*$/m);
  });

  it('`pcc` of pipecatcloud 0.7.2, the last release that has it, reads it too', async () => {
    const result = await runLegacyPcc(['auth', 'whoami'], cliOptions());
    transcripts.push(result.stdout, result.stderr);
    expect(result.code).toBe(0);
    // 0.7.2 has no plain output mode: its answer is a rich panel, one row per line.
    expect(result.stdout).toMatch(/^│ User\s+dev@example\.com\s*│$/m);
    expect(result.stdout).toMatch(/^│ Active Organization\s+Acme Inc\. \(acme\)\s*│$/m);
    expect(result.stdout).toMatch(/^│ Auth Method\s+OAuth\s*│$/m);
  });

  it('shows the failure page and writes nothing when the user denies access', async () => {
    const file = path.join(dir, 'denied', 'pipecatcloud.toml');
    const { cli, page } = await startLoginInBrowser(file);
    await completeProviderLogin(page, sandbox.account, { deny: true });
    const result = await cli.process.result;
    transcripts.push(result.stdout, result.stderr);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Sign-in was declined at the identity provider; nothing was saved\.$/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    await page.waitForURL(/\/oauth_callback\/result$/);
    await expect(page.locator('h1').innerText()).resolves.toBe(FAILURE_COPY.access_denied.title);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'failure-page.png') });
    await page.close();
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('Ctrl-C while waiting for the browser cancels cleanly', async () => {
    const file = path.join(dir, 'cancelled', 'pipecatcloud.toml');
    const cli = startTrayCli(['login', '--no-browser', '--api-host', sandbox.apiHost, '--config', file], {
      env: trayEnv(),
    });
    const [, url = ''] = await cli.stdoutMatch(AUTHORIZE_URL);
    const port = new URL(new URL(url).searchParams.get('redirect_uri') ?? '').port;
    cli.process.kill('SIGINT');
    const result = await cli.process.result;
    transcripts.push(result.stdout, result.stderr);
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('Sign-in cancelled; nothing was saved.');
    await expect(fetch(`http://127.0.0.1:${port}/oauth_callback`)).rejects.toThrow();
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('printed no token, refresh token, code or verifier anywhere', async () => {
    const text = await readFile(configPath(), 'utf8');
    const secrets = [...sandbox.secretsSeen()];
    // The witness must have seen what this suite used, or the check below proves nothing.
    for (const known of [
      text.match(/^token = "(.+)"$/m)?.[1],
      text.match(/^refresh_token = "(.+)"$/m)?.[1],
    ]) {
      expect(known !== undefined && secrets.includes(known)).toBe(true);
    }
    expect(secrets.includes(callbackCode)).toBe(true);
    // One sign-in reached the token endpoint: its code, verifier, access, refresh and ID tokens.
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    const everything = [...transcripts, JSON.stringify(sandbox.requestLog)].join('\n');
    const leaked = secrets.filter((secret) => everything.includes(secret));
    expect(leaked.length, 'a secret appeared in the output').toBe(0);
  });
});
