/**
 * The simulation's worst scenario shapes (sim/world.ts), for real: the `pipecat-tray daemon` child
 * process, the HTTPS sandbox and a credentials file on disk, so the model cannot drift from
 * reality unnoticed (issue 5). A sleep is SIGSTOP (the lid closed on the process: its timers are
 * overdue when it is thawed); an offline spell is `knobs.unreachable`; the CLI is CliRacer, which
 * does to the file what `pipecat cloud` (pipecatcloud 1.4.0) does. Every wait is on an event: a
 * daemon line, a sandbox request, the API refusing a token once it has expired (asked every
 * 50 ms). Timeouts are only safety nets.
 *
 * Time scale: tokens live SHORT_TTL_SECONDS, so the daemon refreshes when half is left
 * (refresh-policy.ts caps the margin at half a lifetime), and a sleep or a spell of a few seconds
 * outlasts a token, as a night outlasts a day-long token. Before checks that must not race the
 * daemon's next rotation, the sandbox's lifetime is raised again.
 *
 * Not mirrored: the sim's `adjustClock`. Moving one process's wall clock needs libfaketime
 * (LD_PRELOAD), which neither CI nor our machines have, and moving the machine's clock would move
 * the sandbox's and the test runner's with it; the refresher's unit tests (a VirtualClock) and the
 * simulation cover it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sameSession, type StoredCredentials } from '../main/core/credentials/index.js';
import type { Fetch } from '../main/core/http/fetch.js';
import { startSandbox, type LoggedRequest, type Sandbox } from '../sandbox/index.js';
import { CliRacer } from './support/cli-racer.js';
import {
  maskTokens,
  startDaemonProcess,
  type DaemonLine,
  type DaemonProcess,
} from './support/daemon-process.js';
import {
  countLeakedSecrets,
  credentialsIn,
  sandboxFetch,
  signInOverHttp,
  statusOf,
  writeLikeTheCli,
} from './support/daemon.js';
import { loadWithPythonTomllib, type TaggedToml } from './support/python-toml.js';

const SHORT_TTL_SECONDS = 3;
/** Long enough that no rotation races the checks that follow. */
const LONG_TTL_SECONDS = 120;
const FIXTURES = path.resolve(import.meta.dirname, '../tests/fixtures/cli');
const SIGNED_IN = /^signed in as dev@example\.com · Acme Inc\. \(acme\) with OAuth$/;
const REFRESHED = /^refreshed the access token/;
const ADOPTED = /^took the newer token written by another program/;
const OFFLINE = /^refresh failed: The identity provider could not be reached\.; next check in /;
/** The state line while it cannot refresh a token that is (about to be) expired. */
const SAYS_OFFLINE =
  /^signed in as dev@example\.com · Acme Inc\. \(acme\) with OAuth \(Could not refresh the session: The identity provider could not be reached\.\)$/;
/** What a user would read as being signed out or a session lost, or a daemon losing its lock. */
const TROUBLE =
  /^(signed out|session expired|needs attention|cannot use the credentials file)|refresh token was refused|lock was lost/;

let sandbox: Sandbox;
let api: Fetch;
let dir: string;
const daemons: DaemonProcess[] = [];
const transcripts: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ accessTokenTtlSeconds: SHORT_TTL_SECONDS });
  api = sandboxFetch(sandbox);
  dir = await mkdtemp(path.join(tmpdir(), 'pipecat-tray-worst-'));
});

afterEach(async () => {
  sandbox.knobs.unreachable = false;
  sandbox.knobs.accessTokenTtlSeconds = SHORT_TTL_SECONDS;
  for (const daemon of daemons.splice(0)) {
    await daemon.stop('SIGKILL');
    transcripts.push(daemon.transcript());
  }
});

afterAll(async () => {
  await sandbox?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Starts the daemon on `configPath` and waits until it has refreshed once: idle until its timer. */
async function daemonAfterItsFirstRefresh(
  configPath: string,
  env: Record<string, string> = {},
): Promise<DaemonProcess> {
  const daemon = await startDaemonProcess({
    apiHost: sandbox.apiHost,
    configPath,
    caFile: sandbox.caFile,
    env,
  });
  daemons.push(daemon);
  await nextLine(daemon, SIGNED_IN, 0);
  await nextLine(daemon, REFRESHED, 0);
  return daemon;
}

/** The first line from `since` on that matches `pattern`; fails at once if the daemon reports trouble first. */
function nextLine(
  daemon: DaemonProcess,
  pattern: RegExp,
  since: number,
  timeoutMs?: number,
): Promise<DaemonLine> {
  const options = timeoutMs === undefined ? { since } : { since, timeoutMs };
  const trouble = daemon.waitForLine(TROUBLE, options).then((line) => {
    throw new Error(`the daemon reported trouble before ${pattern}: ${maskTokens(line.text)}`);
  });
  // Still waiting when the wanted line comes (it rejects later, at the timeout or the exit).
  trouble.catch(() => undefined);
  return Promise.race([daemon.waitForLine(pattern, options), trouble]);
}

async function hostCredentials(configPath: string): Promise<StoredCredentials> {
  const credentials = await credentialsIn(configPath, sandbox.apiHost);
  if (!credentials) throw new Error(`no credentials for the sandbox in ${configPath}`);
  return credentials;
}

async function usersStatus(token: string): Promise<number> {
  const response = await api(new URL('/v1/users', sandbox.apiHost), {
    headers: { authorization: `Bearer ${token}` },
  });
  await response.body?.cancel();
  return response.status;
}

/**
 * Resolves once the API refuses `token` and the file's expiry (`expiresAt`, what the daemon goes
 * by) has passed too: the moment the token is dead for both. The API is asked every 50 ms.
 */
async function untilExpired(token: string, expiresAt: number): Promise<void> {
  await vi.waitUntil(async () => (await usersStatus(token)) === 401 && Date.now() >= expiresAt * 1000, {
    interval: 50,
    timeout: 30_000,
  });
}

const refreshGrants = (): number => sandbox.counters.tokenRequests['refresh_token'] ?? 0;
const requestsSince = (start: number): string[] =>
  sandbox.requestLog
    .slice(start)
    .map((entry: LoggedRequest) => `${entry.method} ${entry.path} ${entry.status}`);
const tokenStatusesSince = (start: number): number[] =>
  sandbox.requestLog
    .slice(start)
    .filter((entry) => entry.path === '/oidc/token')
    .map((entry) => entry.status);

async function status(configPath: string): Promise<Awaited<ReturnType<typeof statusOf>>> {
  const result = await statusOf(sandbox, configPath);
  transcripts.push(result.transcript);
  return result;
}

describe("the simulation's worst scenarios, for real", () => {
  // sim/world.ts `sleep`: the lid closes past the token's expiry; on wake the app refreshes.
  it('sleep past expiry: frozen while the token expires, one refresh on thaw, no sign-in, tables kept', async () => {
    const revoked = sandbox.counters.grantsRevoked;
    const configPath = path.join(dir, 'sleep', 'pipecatcloud.toml');
    await writeLikeTheCli(configPath, await readFile(path.join(FIXTURES, 'org-with-keys.toml'), 'utf8'));
    const fixture = await loadWithPythonTomllib(configPath);
    await signInOverHttp(sandbox, configPath);
    const daemon = await daemonAfterItsFirstRefresh(configPath);

    // The token issued on wake outlives the checks below.
    sandbox.knobs.accessTokenTtlSeconds = LONG_TTL_SECONDS;
    daemon.freeze();
    const asleep = await hostCredentials(configPath);
    await untilExpired(asleep.token, asleep.tokenExpiresAt);
    // Still signed in while asleep: an expired token with a refresh token is not a signed-out user.
    const whileAsleep = await status(configPath);
    expect(whileAsleep.code).toBe(0);
    expect(whileAsleep.status).toMatchObject({ signedIn: true, authMethod: 'oauth', tokenState: 'expired' });
    expect(whileAsleep.status.problem).toBeUndefined();

    const grants = refreshGrants();
    const logStart = sandbox.requestLog.length;
    const mark = daemon.mark();
    daemon.thaw();
    await nextLine(daemon, REFRESHED, mark);
    // One token request and nothing else: no retry, no profile asked with the dead token.
    expect(requestsSince(logStart)).toEqual(['POST /oidc/token 200']);
    expect(refreshGrants()).toBe(grants + 1);

    const awake = await hostCredentials(configPath);
    expect(awake.refreshToken === asleep.refreshToken, 'the refresh token was not rotated').toBe(false);
    expect(awake.tokenExpiresAt).toBeGreaterThan(Date.now() / 1000 + LONG_TTL_SECONDS / 2);
    expect(await usersStatus(awake.token)).toBe(200);
    // The CLI's org tables and its own (production) top level are as it left them.
    const toml = await loadWithPythonTomllib(configPath);
    for (const table of ['test-org', 'second-org']) expect(toml[table]).toEqual(fixture[table]);
    const topLevel = (doc: TaggedToml): string =>
      JSON.stringify(['token', 'refresh_token', 'token_expires_at', 'org'].map((key) => doc[key]));
    expect(topLevel(toml) === topLevel(fixture), 'the top level is as the CLI left it').toBe(true);

    const afterWake = await status(configPath);
    expect(afterWake.code).toBe(0);
    expect(afterWake.status).toMatchObject({ signedIn: true, tokenState: 'valid', email: 'dev@example.com' });
    expect(daemon.linesMatching(TROUBLE)).toEqual([]);
    expect(daemon.linesMatching(/^refresh failed/)).toEqual([]);
    expect(sandbox.counters.grantsRevoked, 'a grant was revoked').toBe(revoked);
  });

  // sim/world.ts `sleep` with "wake: a CLI command runs before the app hears of the resume", and
  // the `cliSelfRefreshWhileAppBackingOff` figure. The plain shape (daemon frozen idle, the CLI
  // refreshes, the thawed daemon adopts) is e2e/race-cli.test.ts "with the daemon frozen (SIGSTOP)…"
  // and e2e/real-cli-daemon.test.ts "adopts a token the CLI refreshed while the daemon was frozen".
  // Sharper here: the token is really dead, and the daemon has already tried to refresh with its
  // refresh token (the network was not back yet) and holds a retry for it when the CLI rotates it.
  // Retrying its request, rather than re-reading the file under its lock, would replay a rotated
  // refresh token and revoke the grant. (A CLI write landing between the daemon's read and its
  // token request has no good outcome: the daemon then presents the refresh token the CLI has just
  // rotated and the provider revokes the grant. Neither side can prevent it, as the CLI takes no
  // lock; only the daemon refreshing long before the CLI's last minute keeps the two apart.)
  it('CLI refresh at the worst moment: on wake the CLI rotates the token while the daemon backs off; it adopts, no replay', async () => {
    const revoked = sandbox.counters.grantsRevoked;
    const configPath = path.join(dir, 'cli-at-wake', 'pipecatcloud.toml');
    // The user's CLI is pointed at the sandbox: the session is mirrored to the top level the CLI
    // reads, and the daemon may ask the sandbox whether a top level the CLI wrote is its own.
    await signInOverHttp(sandbox, configPath, { cliApiHost: sandbox.apiHost });
    const daemon = await daemonAfterItsFirstRefresh(configPath, { PIPECAT_API_HOST: sandbox.apiHost });
    const racer = new CliRacer({
      apiHost: sandbox.apiHost,
      configPath,
      caPem: sandbox.caPem,
      windowSeconds: 60,
    });
    try {
      daemon.freeze();
      const asleep = await racer.readFile();
      expect(asleep.token === (await hostCredentials(configPath)).token, 'mirrored to the top level').toBe(
        true,
      );
      await untilExpired(asleep.token ?? '', asleep.tokenExpiresAt ?? 0);

      // Wake, the network not back yet: the daemon's overdue timer tries once and backs off (1 s+).
      sandbox.knobs.unreachable = true;
      const logStart = sandbox.requestLog.length;
      const mark = daemon.mark();
      daemon.thaw();
      await nextLine(daemon, OFFLINE, mark);
      expect(requestsSince(logStart)).toEqual(['POST /oidc/token 0']);

      // The network is back and the user's first command, reading an expired token, refreshes.
      sandbox.knobs.unreachable = false;
      sandbox.knobs.accessTokenTtlSeconds = 2 * SHORT_TTL_SECONDS;
      const grants = refreshGrants();
      const command = await racer.run();
      expect(command.secondsLeft).toBeLessThan(0);
      expect(
        command.refresh,
        'the CLI`s refresh was refused: the daemon`s retry (1 s after its failure) came first',
      ).toEqual({ status: 200 });
      expect(command.usersStatus).toBe(200);
      const clis = await racer.readFile();

      const adopted = await nextLine(daemon, ADOPTED, mark);
      expect(daemon.linesMatching(REFRESHED, mark), 'the daemon refreshed with its own token').toEqual([]);
      expect(refreshGrants(), 'one refresh: the CLI`s').toBe(grants + 1);

      // The session goes on: the daemon's next refresh uses the CLI's refresh token, and the top
      // level, all the CLI reads, holds the daemon's working token.
      await nextLine(daemon, REFRESHED, adopted.index + 1);
      expect(refreshGrants()).toBe(grants + 2);
      expect(tokenStatusesSince(logStart)).toEqual([0, 200, 200]);
      const next = await racer.readFile();
      expect(next.refreshToken === clis.refreshToken, 'the top level still holds the CLI`s').toBe(false);
      expect(next.token === (await hostCredentials(configPath)).token, 'the daemon`s, mirrored').toBe(true);
      expect(await racer.usersStatus(next.token ?? '')).toBe(200);
      expect(sandbox.counters.grantsRevoked, 'a grant was revoked').toBe(revoked);
      expect(daemon.linesMatching(TROUBLE)).toEqual([]);
    } finally {
      await racer.close();
    }
  });

  // sim/world.ts `offlineSpell` lasting past the token's expiry, then `settle('network change')`.
  it('offline spell past expiry: retries, says so, keeps the file; refreshes once the API is back', async () => {
    const revoked = sandbox.counters.grantsRevoked;
    const configPath = path.join(dir, 'offline', 'pipecatcloud.toml');
    await signInOverHttp(sandbox, configPath);
    const daemon = await daemonAfterItsFirstRefresh(configPath);

    // Offline from here on; the daemon's next refresh falls inside the spell.
    sandbox.knobs.unreachable = true;
    const offline = await hostCredentials(configPath);
    const logStart = sandbox.requestLog.length;
    const mark = daemon.mark();
    let since = mark;
    do {
      since = (await nextLine(daemon, OFFLINE, since)).index + 1;
      // Never cleared, never replaced while it cannot refresh.
      expect(sameSession(await credentialsIn(configPath, sandbox.apiHost), offline)).toBe(true);
      // Until a retry fails after the expiry: the spell outlasted the token.
    } while (Date.now() < offline.tokenExpiresAt * 1000);
    // It says so (quietly until the token is about to expire; here it has).
    await nextLine(daemon, SAYS_OFFLINE, mark);
    // Nothing but its tries at the token endpoint, none of which got through.
    expect(new Set(requestsSince(logStart))).toEqual(new Set(['POST /oidc/token 0']));
    const offlineStatus = await status(configPath);
    expect(offlineStatus.code).toBe(0);
    expect(offlineStatus.status).toMatchObject({ signedIn: true, tokenState: 'expired' });
    expect(offlineStatus.status.problem).toBeUndefined();

    sandbox.knobs.accessTokenTtlSeconds = LONG_TTL_SECONDS;
    sandbox.knobs.unreachable = false;
    // The next step of the backoff (no network-change hook in the daemon): at most 2^n s away.
    const refreshed = await nextLine(daemon, REFRESHED, mark, 90_000);
    await nextLine(daemon, SIGNED_IN, refreshed.index + 1);
    const failures = daemon.linesMatching(OFFLINE, mark).length;
    expect(failures).toBeGreaterThanOrEqual(2);
    // One attempt per failure reported, then the one that worked.
    expect(tokenStatusesSince(logStart)).toEqual([...Array<number>(failures).fill(0), 200]);

    const online = await hostCredentials(configPath);
    expect(online.refreshToken === offline.refreshToken).toBe(false);
    expect(await usersStatus(online.token)).toBe(200);
    expect(await usersStatus(offline.token)).toBe(401);
    expect(sandbox.counters.grantsRevoked, 'a grant was revoked').toBe(revoked);
    expect(daemon.linesMatching(TROUBLE)).toEqual([]);
  });

  it('printed no secret', () => {
    const secrets = countLeakedSecrets(sandbox, [...transcripts, JSON.stringify(sandbox.requestLog)]);
    expect(secrets.known).toBeGreaterThan(0);
    expect(secrets.leaked, 'a secret appeared in the output').toBe(0);
  });
});
