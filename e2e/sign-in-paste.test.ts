/**
 * Signing in where the browser is on another machine (an SSH session, a dev container, a cloud
 * VM): `pipecat-tray login --no-browser` as a child process, Debian's Chromium as the laptop's
 * browser whose redirect to 127.0.0.1:840x is refused (nothing listens there on the laptop), and
 * the address it ended on pasted into the running command's standard input.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialsStore } from '../main/core/credentials/index.js';
import { PASTE_HINT } from '../main/headless/paste-reader.js';
import { completeLoginOverHttp, startSandbox, type Sandbox } from '../sandbox/index.js';
import { launchChromium, type LaunchedBrowser } from './support/browser.js';
import { completeProviderLogin } from './support/provider-login.js';
import { asRemoteBrowser } from './support/remote-browser.js';
import { isOneSentence } from './support/sign-in-harness.js';
import { startTrayCli, type RunningTrayCli } from './support/tray-cli.js';

const AUTHORIZE_URL = /^ {2}(https:\/\/\S+)$/m;
const SIGNED_IN = 'Signed in as dev@example.com · Acme Inc. (acme)';

let sandbox: Sandbox;
let browser: LaunchedBrowser;
let dir: string;
/** Everything any process of this suite printed: checked for secrets at the end. */
const transcripts: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
  browser = await launchChromium();
  dir = await mkdtemp(path.join(tmpdir(), 'pipecat-tray-paste-'));
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Login {
  cli: RunningTrayCli;
  authorizeUrl: URL;
  configPath: string;
}

async function startLogin(
  name: string,
  options: { input?: string; keepInputOpen?: boolean } = {},
): Promise<Login> {
  const configPath = path.join(dir, name, 'pipecatcloud.toml');
  const cli = startTrayCli(['login', '--no-browser', '--api-host', sandbox.apiHost, '--config', configPath], {
    env: { NODE_EXTRA_CA_CERTS: sandbox.caFile },
    keepInputOpen: options.keepInputOpen ?? true,
    ...(options.input === undefined ? {} : { input: options.input }),
  });
  const [, url = ''] = await cli.stdoutMatch(AUTHORIZE_URL);
  return { cli, authorizeUrl: new URL(url), configPath };
}

/** Signs in on the sandbox's pages in a browser that cannot reach this machine; returns where it ended. */
async function signInElsewhere(authorizeUrl: URL, options: { deny?: boolean } = {}): Promise<URL> {
  const page = await browser.context.newPage();
  try {
    const remote = await asRemoteBrowser(page);
    await page.goto(authorizeUrl.href);
    const ended = await completeProviderLogin(page, sandbox.account, options);
    // The redirect to the loopback was tried and refused: it never reached this machine.
    expect(remote.refused.map((url) => url.href)).toEqual([ended.href]);
    return ended;
  } finally {
    await page.close();
  }
}

function codeExchanges(): number {
  return sandbox.counters.tokenRequests['authorization_code'] ?? 0;
}

async function savedOrg(configPath: string): Promise<string | undefined> {
  const store = new CredentialsStore({ path: configPath, apiHost: sandbox.apiHost });
  return (await store.read())?.org;
}

describe('login --no-browser with the browser on another machine', () => {
  it('the redirect to the loopback never arrives; the address pasted into the running login signs in', async () => {
    const login = await startLogin('pasted');
    const lines = (await login.cli.stdoutMatch(/Waiting for the browser/)).input?.split('\n') ?? [];
    const linkLine = lines.findIndex((line) => AUTHORIZE_URL.test(line));
    expect(lines[linkLine + 1]).toBe(PASTE_HINT);
    const exchangesBefore = codeExchanges();

    const ended = await signInElsewhere(login.authorizeUrl);
    expect(ended.origin).toBe(new URL(login.authorizeUrl.searchParams.get('redirect_uri') ?? '').origin);
    login.cli.process.writeInput(`${ended.href}\n`);

    const result = await login.cli.process.result;
    transcripts.push(result.stdout, result.stderr);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(SIGNED_IN);
    expect(result.stderr).toBe('');
    expect(codeExchanges()).toBe(exchangesBefore + 1);
    expect(await savedOrg(login.configPath)).toBe('acme');
  });

  it('a wrong state, an address from another attempt and garbled text are each refused in one sentence; the wait goes on', async () => {
    // Another attempt, abandoned with Ctrl-C after its browser got a code.
    const earlier = await startLogin('earlier-attempt');
    const earlierCallback = await completeLoginOverHttp(earlier.authorizeUrl.href, sandbox.account, {
      ca: sandbox.caPem,
    });
    earlier.cli.process.kill('SIGINT');
    const abandoned = await earlier.cli.process.result;
    transcripts.push(abandoned.stdout, abandoned.stderr);
    expect(abandoned.code).toBe(130);

    const login = await startLogin('refused-pastes');
    const exchangesBefore = codeExchanges();
    const ended = await signInElsewhere(login.authorizeUrl);
    expect(ended.port).toBe(earlierCallback.port);
    const wrongState = new URL(ended);
    wrongState.searchParams.set('state', 'not-this-sign-in');
    const noCode = new URL(ended);
    noCode.searchParams.delete('code');

    const pastes: Array<[string, RegExp]> = [
      [wrongState.href, /another sign-in attempt/],
      [earlierCallback.href, /another sign-in attempt.*\n.*another sign-in attempt/],
      ['hello, is it me you are looking for', /is not the address this sign-in ends on/],
      [ended.href.slice(0, 30), /is not the address this sign-in ends on(.|\n)*is not the address/],
      [noCode.href, /carries no sign-in code/],
    ];
    for (const [text, refusal] of pastes) {
      login.cli.process.writeInput(`${text}\n`);
      await login.cli.stderrMatch(refusal);
    }
    login.cli.process.writeInput(`  ${ended.href}  \n`);

    const result = await login.cli.process.result;
    transcripts.push(result.stdout, result.stderr);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(SIGNED_IN);
    const refusals = result.stderr.trim().split('\n');
    expect(refusals).toHaveLength(pastes.length);
    for (const refusal of refusals) expect(isOneSentence(refusal)).toBe(true);
    // Only this sign-in's code was exchanged, once: not the other attempt's, not on a refused paste.
    expect(codeExchanges()).toBe(exchangesBefore + 1);
  });

  it('a declined sign-in, pasted back, fails as a declined sign-in does and writes nothing', async () => {
    const login = await startLogin('declined');
    const ended = await signInElsewhere(login.authorizeUrl, { deny: true });
    expect(ended.searchParams.get('error')).toBe('access_denied');
    login.cli.process.writeInput(`${ended.href}\n`);
    const result = await login.cli.process.result;
    transcripts.push(result.stdout, result.stderr);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^(Error: )?Sign-in was declined at the identity provider; nothing was saved\.$/m,
    );
    await expect(stat(login.configPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('piped input that ends without an address leaves the loopback waiting: the browser callback still signs in', async () => {
    const login = await startLogin('piped-garbage', { input: 'not an address\n', keepInputOpen: false });
    await login.cli.stderrMatch(/is not the address this sign-in ends on/);
    const page = await browser.context.newPage();
    await page.goto(login.authorizeUrl.href);
    await completeProviderLogin(page, sandbox.account);
    const result = await login.cli.process.result;
    await page.close();
    transcripts.push(result.stdout, result.stderr);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(SIGNED_IN);
  });

  it('the browser first: its callback wins, the terminal stops reading and the command exits with stdin still open', async () => {
    const login = await startLogin('browser-first', { keepInputOpen: true });
    const page = await browser.context.newPage();
    await page.goto(login.authorizeUrl.href);
    const callback = await completeProviderLogin(page, sandbox.account);
    // Exits on its own: a stdin reader left running would keep it alive until the test times out.
    const result = await login.cli.process.result;
    await page.close();
    transcripts.push(result.stdout, result.stderr);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(SIGNED_IN);
    expect(result.stdout).not.toContain('Address received');
    expect(callback.searchParams.has('code')).toBe(true);
  });

  it('printed no token, refresh token, code or verifier anywhere', () => {
    const secrets = sandbox.secretsSeen();
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    const everything = [...transcripts, JSON.stringify(sandbox.requestLog)].join('\n');
    expect(secrets.filter((secret) => everything.includes(secret))).toEqual([]);
  });
});
