/**
 * The refresh token in the system keychain (issue 12, part 3), for real: GNOME Keyring's Secret
 * Service on a private D-Bus session bus (e2e/support/secret-service.ts), `pipecat-tray daemon
 * --keychain` and the real CLI (`pipecat cloud`: pipecat-ai-cli 1.3.0 with pipecatcloud 1.4.0) on one credentials file, against the sandbox.
 *
 * Checked after every step: the file holds no refresh token while the setting is on, and the
 * CLI's `whoami` works. A CLI logout (which deletes the file and, with `refresh_token = ""`, revokes
 * nothing itself) makes the daemon revoke the session with the keychain's refresh token; turning
 * the setting off puts the refresh token back, and the CLI refreshes on its own again.
 *
 * As in real-cli-daemon.test.ts, the daemon and the tray's commands run with PIPECAT_API_HOST
 * naming the sandbox, as the CLI has it, so the daemon takes the CLI's top-level login as its own.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeApiHost } from '../main/core/credentials/index.js';
import { KeyringVault } from '../main/core/keychain/keyring-vault.js';
import type { VaultedSession } from '../main/core/keychain/vault.js';
import type { AccountStatus } from '../main/core/status/account-status.js';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { launchChromium, type LaunchedBrowser } from './support/browser.js';
import { parseCredentialsText, topLevelOf } from './support/cli-racer.js';
import { ensurePipecatCli, runPipecatCloud, startPipecatCloudLogin, type CliResult } from './support/cli.js';
import { writeLikeTheCli } from './support/cli-write.js';
import { maskTokens, startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { fileContains, refreshTokensInFile, tryRefresh } from './support/keychain-checks.js';
import { completeProviderLogin } from './support/provider-login.js';
import { secretServiceMissing, startSecretService, type SecretService } from './support/secret-service.js';
import { runTrayCli, startTrayCli } from './support/tray-cli.js';

const missing = secretServiceMissing();
if (missing) console.warn(`keychain-real-cli.test.ts skipped: ${missing}`);

const TTL_SECONDS = 70;
const BUS = 'DBUS_SESSION_BUS_ADDRESS';
const OAUTH = /^signed in as dev@example\.com · Acme Inc\. \(acme\) with OAuth$/;
const MOVED = /^moved the refresh token from the credentials file into the system keychain/;
const REFRESHED = /^refreshed the access token/;
const ADOPTED = /^took the newer token written by another program/;
const REVOKED =
  /^the credentials were removed \(a CLI logout\): revoked the session kept in the system keychain$/;
const AUTHORIZE_URL = /^ {2}(https:\/\/\S+)$/m;

let sandbox: Sandbox;
let keyring: SecretService;
let browser: LaunchedBrowser;
let dir: string;
let configPath: string;
let daemon: DaemonProcess;
/** Every daemon started, for the secret check at the end. */
const daemons: DaemonProcess[] = [];
const savedBus = process.env[BUS];
const transcripts: string[] = [];
/** The test's own view of the daemon's keychain entry (same service, file and host). */
const vault = new KeyringVault();

describe.skipIf(missing !== undefined)('the refresh token in the system keychain, with the real CLI', () => {
  beforeAll(async () => {
    await ensurePipecatCli();
    keyring = await startSecretService();
    process.env[BUS] = keyring.env.DBUS_SESSION_BUS_ADDRESS;
    sandbox = await startSandbox({ accessTokenTtlSeconds: TTL_SECONDS });
    browser = await launchChromium();
    dir = await mkdtemp(path.join(tmpdir(), 'pipecat-tray-keychain-'));
    configPath = path.join(dir, 'pipecatcloud', 'pipecatcloud.toml');
    daemon = await startKeychainDaemon();
  });

  afterAll(async () => {
    await daemon?.stop('SIGKILL');
    await browser?.close();
    await sandbox?.close();
    await keyring?.close();
    if (savedBus === undefined) Reflect.deleteProperty(process.env, BUS);
    else process.env[BUS] = savedBus;
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('moves the refresh token of a `pipecat cloud auth login` into the keychain; whoami works', async () => {
    const since = daemon.mark();
    await cliLogin();
    await daemon.waitForLine(MOVED, { since });
    await daemon.waitForLine(OAUTH, { since });
    await expectKeptInKeychain();
    // A token found with less than half a day left is refreshed at once, through the keychain.
    await daemon.waitForLine(REFRESHED, { since, timeoutMs: 2 * TTL_SECONDS * 1000 });
    await expectKeptInKeychain();
    await expectWhoamiWorks();
    const { code, status } = await trayStatus();
    expect(code).toBe(0);
    expect(status).toMatchObject({ signedIn: true, authMethod: 'oauth', refreshTokenInKeychain: true });
    await expectKeptInKeychain();
  });

  it('keeps it there through the daemon`s own refresh and a one-shot `pipecat-tray refresh`', async () => {
    // Read before the mark: a refresh in between is then waited past, not taken for this one.
    const before = await held();
    const since = daemon.mark();
    await daemon.waitForLine(REFRESHED, { since, timeoutMs: 2 * TTL_SECONDS * 1000 });
    await expectKeptInKeychain();
    expect((await held()).refreshToken === before.refreshToken, 'the keychain got the rotated token').toBe(
      false,
    );
    await expectWhoamiWorks();

    await refreshOnce();
    await expectKeptInKeychain();
    await expectWhoamiWorks();
  });

  it('a `pipecat cloud auth logout` makes the daemon revoke the session with the keychain`s refresh token', async () => {
    // A token just fetched: the daemon's next refresh is half its 70 s away, well after the logout.
    await refreshOnce();
    const since = daemon.mark();
    const { refreshToken } = await held();
    const loggedOutAt = Date.now();
    const logout = await pipecatCloud(['auth', 'logout']);
    expect(logout.code, maskTokens(logout.stdout)).toBe(0);
    await expect(stat(configPath)).rejects.toMatchObject({ code: 'ENOENT' });

    await daemon.waitForLine(REVOKED, { since });
    const logouts = sandbox.requestLog.filter(
      (entry) => entry.method === 'POST' && entry.path === '/auth/logout' && entry.time >= loggedOutAt,
    );
    expect(logouts.map((entry) => entry.status)).toEqual([200]);
    expect(sandbox.counters.grantsRevoked).toBe(1);
    expect(await vault.get(vaultKey())).toBeUndefined();
    expect(await tryRefresh(sandbox, refreshToken)).toEqual({ status: 400, error: 'invalid_grant' });
  });

  it('`pipecat-tray login --keychain` writes the file with refresh_token = "" and the token in the keychain', async () => {
    const since = daemon.mark();
    const login = startTrayCli([...trayArgs('login'), '--keychain', '--no-browser'], { env: trayEnv() });
    const [, url = ''] = await login.stdoutMatch(AUTHORIZE_URL);
    const page = await browser.context.newPage();
    await page.goto(url);
    await completeProviderLogin(page, sandbox.account);
    const result = await login.process.result;
    await page.close();
    transcripts.push(result.stdout, result.stderr);
    expect(result.code, maskTokens(result.stderr)).toBe(0);
    expect(result.stdout).toContain(
      'The refresh token is in the system keychain; the file keeps refresh_token = "".',
    );
    expect(result.stdout).toContain('keep `pipecat-tray daemon --keychain` (or the tray) running');
    await expectKeptInKeychain();
    await daemon.waitForLine(OAUTH, { since });
    await expectWhoamiWorks();
    await expectKeptInKeychain();
  });

  it('turned off, the file holds the refresh token again and the CLI refreshes on its own', async () => {
    await daemon.stop();
    const { refreshToken } = await held();
    const off = await runTrayCli(trayArgs('keychain', 'off'), { env: trayEnv() });
    transcripts.push(off.stdout, off.stderr);
    expect(off.code, maskTokens(off.stderr)).toBe(0);
    expect(off.stdout).toContain('the CLI can refresh the session on its own again');
    expect(await refreshTokensInFile(configPath)).toEqual(['set', 'set']);
    expect(await fileContains(configPath, refreshToken)).toBe(true);
    expect(await vault.get(vaultKey())).toBeUndefined();

    // Inside the CLI's last 60 s, as it sees it: its next command refreshes, by itself.
    const doc = parseCredentialsText(await readFile(configPath, 'utf8'));
    const before = topLevelOf(doc, Date.now());
    doc['token_expires_at'] = Date.now() / 1000 + 30;
    await writeLikeTheCli(configPath, stringify(doc, { numbersAsFloat: true }));
    const grants = refreshGrants();
    await expectWhoamiWorks();
    expect(refreshGrants(), 'the CLI refreshed').toBe(grants + 1);
    const after = topLevelOf(parseCredentialsText(await readFile(configPath, 'utf8')), Date.now());
    expect(after.token === before.token, 'the CLI wrote a new access token').toBe(false);
    expect(after.refreshToken === refreshToken || after.refreshToken === '', 'and a new refresh token').toBe(
      false,
    );
    expectNoReplay();
  });

  it('without a Secret Service, --keychain says so and stays off: the file keeps its refresh token', async () => {
    daemon = await startKeychainDaemon({ [BUS]: 'unix:path=/nonexistent/pipecat-tray-no-bus' });
    await daemon.waitForLine(
      /^No system keychain can be used here .*, so the refresh token stays in the credentials file\.$/,
      {
        since: 0,
      },
    );
    await daemon.waitForLine(OAUTH, { since: 0 });
    expect(daemon.linesMatching(/^keeping the refresh token in the system keychain/)).toEqual([]);
    expect(await refreshTokensInFile(configPath)).toEqual(['set', 'set']);
    await daemon.stop();
  });

  it('printed no token or refresh token anywhere', () => {
    const secrets = sandbox.secretsSeen();
    expect(secrets.length).toBeGreaterThanOrEqual(8);
    const everything = [...transcripts, ...daemons.map((d) => d.transcript())].join('\n');
    expect(secrets.filter((secret) => everything.includes(secret)).length).toBe(0);
  });
});

async function startKeychainDaemon(env: Record<string, string> = {}): Promise<DaemonProcess> {
  const started = await startDaemonProcess({
    apiHost: sandbox.apiHost,
    configPath,
    caFile: sandbox.caFile,
    env: { PIPECAT_API_HOST: sandbox.apiHost, ...keyring.env, ...env },
    args: ['--keychain'],
  });
  daemons.push(started);
  return started;
}

/** `pipecat-tray refresh`, a one-shot command (the setting off, following the keychain); the daemon adopts it. */
async function refreshOnce(): Promise<void> {
  const since = daemon.mark();
  const refresh = await runTrayCli(trayArgs('refresh'), { env: trayEnv() });
  transcripts.push(refresh.stdout, refresh.stderr);
  expect(refresh.code, maskTokens(refresh.stderr)).toBe(0);
  await daemon.waitForLine(ADOPTED, { since });
}

function trayArgs(...command: string[]): string[] {
  return [...command, '--api-host', sandbox.apiHost, '--config', configPath];
}

function trayEnv(): Record<string, string> {
  return { NODE_EXTRA_CA_CERTS: sandbox.caFile, PIPECAT_API_HOST: sandbox.apiHost, ...keyring.env };
}

function vaultKey(): { configPath: string; apiHost: string } {
  return { configPath, apiHost: normalizeApiHost(sandbox.apiHost) };
}

async function held(): Promise<VaultedSession> {
  const session = await vault.get(vaultKey());
  if (!session) throw new Error('the keychain holds no session for the file and host');
  return session;
}

/** The setting is on: every refresh_token in the file is "", and the keychain holds a live one. */
async function expectKeptInKeychain(): Promise<void> {
  const inFile = await refreshTokensInFile(configPath);
  expect(inFile.length).toBeGreaterThan(0);
  expect(inFile.every((value) => value === 'empty')).toBe(true);
  const { refreshToken } = await held();
  expect(await fileContains(configPath, refreshToken)).toBe(false);
}

async function cliLogin(): Promise<void> {
  const login = startPipecatCloudLogin({ apiHost: sandbox.apiHost, configPath, caFile: sandbox.caFile });
  const page = await browser.context.newPage();
  await page.goto(await login.authorizeUrl);
  await completeProviderLogin(page, sandbox.account);
  const result = await login.done;
  await page.close();
  transcripts.push(result.stdout, result.stderr);
  expect(result.code, maskTokens(result.stdout)).toBe(0);
}

async function pipecatCloud(args: string[]): Promise<CliResult> {
  const result = await runPipecatCloud(args, {
    apiHost: sandbox.apiHost,
    configPath,
    caFile: sandbox.caFile,
  });
  transcripts.push(result.stdout, result.stderr);
  return result;
}

async function expectWhoamiWorks(): Promise<void> {
  const whoami = await pipecatCloud(['auth', 'whoami']);
  expect(whoami.code, maskTokens(whoami.stdout)).toBe(0);
  expect(whoami.stdout).toMatch(/^User\s+dev@example\.com\s*$/m);
}

async function trayStatus(): Promise<{ code: number; status: AccountStatus }> {
  const result = await runTrayCli([...trayArgs('status'), '--json'], { env: trayEnv() });
  transcripts.push(result.stdout, result.stderr);
  expect(result.stdout.trim(), maskTokens(result.stderr)).not.toBe('');
  return { code: result.code, status: JSON.parse(result.stdout) as AccountStatus };
}

function refreshGrants(): number {
  return sandbox.counters.tokenRequests['refresh_token'] ?? 0;
}

/** No refresh was refused, apart from the test's own try with the revoked token. */
function expectNoReplay(): void {
  const refused = sandbox.requestLog.filter(
    (entry) => entry.method === 'POST' && entry.path === '/oidc/token' && entry.status !== 200,
  );
  expect(refused.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
    'POST /oidc/token 400',
  ]);
  expect(sandbox.counters.grantsRevoked).toBe(1);
}
