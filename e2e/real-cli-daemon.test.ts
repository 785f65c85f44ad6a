/**
 * The real `pipecat cloud` CLI (pipecat-ai-cli 1.3.0 with pipecatcloud 1.4.0, e2e/support/cli.ts)
 * and a running `pipecat-tray daemon`
 * on one credentials file, against the sandbox: what the CLI writes (login, use-pat, its own
 * refresh, logout) the daemon follows, and what the daemon writes the CLI uses without refreshing.
 *
 * The sandbox is not the default API host. CLI 1.4.0 reads and writes only the top-level keys,
 * whatever its API host; the app keeps a non-default host in `[environments."<host>"]`, mirrors it
 * to a free top level, and takes top-level credentials the host accepts as its own
 * (docs/cli-credentials-behaviour.md). It asks the host about a top-level token only when the CLI
 * is pointed at that very host (`mayProbeTopLevel`), so the daemon and `status` run here as a real
 * user's would next to this CLI: with PIPECAT_API_HOST naming the sandbox, as the CLI has it.
 *
 * Tokens live 70 s: the daemon refreshes when half is left (refresh-policy.ts), so a token it just
 * wrote has more than the CLI's 60 s window left and the CLI must not refresh it.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountStatus } from '../main/core/status/account-status.js';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { launchChromium, type LaunchedBrowser } from './support/browser.js';
import { parseCredentialsText, topLevelOf } from './support/cli-racer.js';
import { writeLikeTheCli } from './support/cli-write.js';
import { maskTokens, startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { ensurePipecatCli, runPipecatCloud, startPipecatCloudLogin, type CliResult } from './support/cli.js';
import { completeProviderLogin } from './support/provider-login.js';
import { loadWithPythonTomllib } from './support/python-toml.js';
import { runTrayCli } from './support/tray-cli.js';

const TTL_SECONDS = 70;
const CLI_WINDOW_SECONDS = 60;
const OAUTH = /^signed in as dev@example\.com · Acme Inc\. \(acme\) with OAuth$/;
const PAT = /^signed in as dev@example\.com · Acme Inc\. \(acme\) with a personal access token$/;
const REFRESHED = /^refreshed the access token/;
const ADOPTED = /^took the newer token written by another program/;
const SIGNED_OUT = /^signed out of https:\/\/127\.0\.0\.1:\d+$/;

let sandbox: Sandbox;
let browser: LaunchedBrowser;
let dir: string;
let configPath: string;
let daemon: DaemonProcess;
/** Everything the CLI and `status` printed, checked for secrets at the end. */
const transcripts: string[] = [];

beforeAll(async () => {
  await ensurePipecatCli();
  sandbox = await startSandbox({ accessTokenTtlSeconds: TTL_SECONDS });
  browser = await launchChromium();
  dir = await mkdtemp(path.join(tmpdir(), 'pipecat-tray-real-cli-'));
  configPath = path.join(dir, 'pipecatcloud', 'pipecatcloud.toml');
  daemon = await startDaemonProcess({
    apiHost: sandbox.apiHost,
    configPath,
    caFile: sandbox.caFile,
    env: { PIPECAT_API_HOST: sandbox.apiHost },
  });
});

afterAll(async () => {
  await daemon?.stop('SIGKILL');
  await browser?.close();
  await sandbox?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function cliOptions(): { apiHost: string; configPath: string; caFile: string } {
  return { apiHost: sandbox.apiHost, configPath, caFile: sandbox.caFile };
}

async function pipecatCloud(args: string[], input?: string): Promise<CliResult> {
  const result = await runPipecatCloud(args, input === undefined ? cliOptions() : { ...cliOptions(), input });
  transcripts.push(result.stdout, result.stderr);
  return result;
}

async function trayStatus(): Promise<{ code: number; status: AccountStatus }> {
  const result = await runTrayCli(
    ['status', '--json', '--api-host', sandbox.apiHost, '--config', configPath],
    {
      env: { NODE_EXTRA_CA_CERTS: sandbox.caFile, PIPECAT_API_HOST: sandbox.apiHost },
    },
  );
  transcripts.push(result.stdout, result.stderr);
  expect(result.stdout.trim(), maskTokens(result.stderr)).not.toBe('');
  return { code: result.code, status: JSON.parse(result.stdout) as AccountStatus };
}

function refreshGrants(): number {
  return sandbox.counters.tokenRequests['refresh_token'] ?? 0;
}

/** No refresh was refused and no grant revoked (a replayed refresh token revokes its grant). */
function expectNoReplay(): void {
  const refused = sandbox.requestLog.filter(
    (entry) => entry.method === 'POST' && entry.path === '/oidc/token' && entry.status !== 200,
  );
  expect(refused.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([]);
  expect(sandbox.counters.grantsRevoked).toBe(0);
}

/** The top-level expiry the CLI reads, in seconds from now. */
async function cliSecondsLeft(): Promise<number> {
  const top = topLevelOf(parseCredentialsText(await readFile(configPath, 'utf8')), Date.now());
  return (top.tokenExpiresAt ?? 0) - Date.now() / 1000;
}

describe('the real `pipecat cloud` CLI next to a running daemon', () => {
  it('picks up a `pipecat cloud auth login` (daemon log and status --json)', async () => {
    const since = daemon.mark();
    const login = startPipecatCloudLogin(cliOptions());
    const page = await browser.context.newPage();
    await page.goto(await login.authorizeUrl);
    await completeProviderLogin(page, sandbox.account);
    const result = await login.done;
    transcripts.push(result.stdout, result.stderr);
    await page.close();
    expect(result.code, maskTokens(result.stdout)).toBe(0);
    expect(result.stdout).toContain('ᓚᘏᗢ Success: Authentication successful!');

    await daemon.waitForLine(OAUTH, { since });
    const { code, status } = await trayStatus();
    expect(code).toBe(0);
    expect(status).toMatchObject({
      signedIn: true,
      authMethod: 'oauth',
      email: 'dev@example.com',
      org: 'acme',
      orgVerboseName: 'Acme Inc.',
      tokenState: 'valid',
    });

    // The daemon then keeps the CLI's session: its first refresh uses the CLI's refresh token and
    // reaches the top level (a token found with half or less of a day left is refreshed at once;
    // at the latest when half of its 70 s is left). Afterwards it is idle until its timer.
    await daemon.waitForLine(REFRESHED, { since, timeoutMs: 2 * TTL_SECONDS * 1000 });
    expect(refreshGrants()).toBe(1);
    expect(await cliSecondsLeft()).toBeGreaterThan(CLI_WINDOW_SECONDS);
    expectNoReplay();
  });

  it('adopts a token the CLI refreshed while the daemon was frozen, without refreshing again', async () => {
    // Frozen while idle (just after its refresh above): no read of the file is half done.
    daemon.freeze();
    // Less than the CLI's 60 s left, as it sees it; token and refresh token stay as they are.
    const doc = parseCredentialsText(await readFile(configPath, 'utf8'));
    doc['token_expires_at'] = Date.now() / 1000 + 30;
    await writeLikeTheCli(configPath, stringify(doc, { numbersAsFloat: true }));

    const before = refreshGrants();
    const whoami = await pipecatCloud(['auth', 'whoami']);
    expect(whoami.code, maskTokens(whoami.stdout)).toBe(0);
    expect(whoami.stdout).toMatch(/^User\s+dev@example\.com\s*$/m);
    expect(whoami.stdout).toMatch(/^Auth Method\s+OAuth\s*$/m);
    expect(refreshGrants(), 'the CLI did not refresh').toBe(before + 1);
    expect(await cliSecondsLeft()).toBeGreaterThan(CLI_WINDOW_SECONDS);

    const thawed = daemon.mark();
    daemon.thaw();
    await daemon.waitForLine(ADOPTED, { since: thawed });
    expect(daemon.linesMatching(REFRESHED, thawed)).toEqual([]);
    expect(refreshGrants(), 'exactly one refresh: the CLI`s').toBe(before + 1);
    expectNoReplay();
  });

  it('after the daemon refreshes, `pipecat cloud auth whoami` works without refreshing', async () => {
    const since = daemon.mark();
    // The daemon's own timer: half of the CLI-refreshed token's 70 s.
    await daemon.waitForLine(REFRESHED, { since, timeoutMs: 2 * TTL_SECONDS * 1000 });
    const parsed = await loadWithPythonTomllib(configPath);
    expect(parsed['token_expires_at']).toMatchObject({ type: 'float' });
    // What the daemon wrote reached the top level, which is all the CLI reads.
    expect(await cliSecondsLeft()).toBeGreaterThan(CLI_WINDOW_SECONDS);

    const before = refreshGrants();
    const whoami = await pipecatCloud(['auth', 'whoami']);
    expect(whoami.code, maskTokens(whoami.stdout)).toBe(0);
    expect(whoami.stdout).toMatch(/^User\s+dev@example\.com\s*$/m);
    expect(refreshGrants(), 'the CLI refreshed').toBe(before);
    expectNoReplay();
  });

  it('follows `pipecat cloud auth logout` (file deleted, session revoked) to signed out', async () => {
    const since = daemon.mark();
    const logouts = sandbox.counters.logoutRequests;
    const logout = await pipecatCloud(['auth', 'logout']);
    expect(logout.code, maskTokens(logout.stdout)).toBe(0);
    expect(logout.stdout).toContain('ᓚᘏᗢ Success: Logged out and session revoked.');
    await expect(stat(configPath)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(sandbox.counters.logoutRequests).toBe(logouts + 1);
    expect(sandbox.counters.grantsRevoked).toBe(1);

    await daemon.waitForLine(SIGNED_OUT, { since });
    const { code, status } = await trayStatus();
    expect(code).toBe(1);
    expect(status.signedIn).toBe(false);
  });

  it('picks up `pipecat cloud auth use-pat` (status says pat)', async () => {
    const since = daemon.mark();
    const pat = sandbox.mintPat();
    const result = await pipecatCloud(['auth', 'use-pat'], `${pat}\n`);
    expect(result.code, maskTokens(result.stdout)).toBe(0);
    expect(result.stdout).toContain('ᓚᘏᗢ Success: Authenticated via PAT.');

    await daemon.waitForLine(PAT, { since });
    const { code, status } = await trayStatus();
    expect(code).toBe(0);
    expect(status).toMatchObject({
      signedIn: true,
      authMethod: 'pat',
      email: 'dev@example.com',
      org: 'acme',
    });
    expect(status.tokenExpiresAt).toBeUndefined();
  });

  it('printed no token, refresh token or PAT anywhere', () => {
    const secrets = sandbox.secretsSeen();
    // The login's code, verifier and tokens, the CLI's and the daemon's refreshes, and the PAT.
    expect(secrets.length).toBeGreaterThanOrEqual(8);
    const everything = [...transcripts, daemon.transcript()].join('\n');
    expect(secrets.filter((secret) => everything.includes(secret)).length).toBe(0);
  });
});
