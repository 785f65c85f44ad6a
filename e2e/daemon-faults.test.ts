/**
 * `pipecat-tray daemon` when things go wrong: token endpoint failures are retried with backoff and
 * stay quiet while the token is far from expiry, a session ended elsewhere becomes "expired"
 * without harming the rest of the file, and an API that cannot be reached is retried once per
 * backoff step until it is back.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI_REFRESH_WINDOW_SECONDS } from '../main/core/session/refresh-policy.js';
import type { LoggedRequest, Sandbox } from '../sandbox/index.js';
import {
  countLeakedSecrets,
  credentialsIn,
  parseSnapshot,
  signInOverHttp,
  snapshotOf,
  usersStatusFor,
  writeLikeTheCli,
} from './support/daemon.js';
import { daemonSuite } from './support/daemon-suite.js';
import { loadWithPythonTomllib, type TaggedToml } from './support/python-toml.js';

const FIXTURES = path.resolve(import.meta.dirname, '../tests/fixtures/cli');
const SIGNED_IN = /^signed in as dev@example\.com · Acme Inc\. \(acme\) with OAuth$/;
/** Lines a user would read as trouble. */
const TROUBLE = /^(signed out|session expired|needs attention)|\(Could not refresh/;

const suite = daemonSuite('daemon-faults', { accessTokenTtlSeconds: 3 });
const { daemonOn, transcripts } = suite;
let sandbox: Sandbox;
let dir: string;

beforeAll(() => {
  ({ sandbox, dir } = suite);
});

// Runs before the suite's own afterEach, which kills the test's daemons.
afterEach(() => {
  sandbox.knobs.failNextTokenRequests(0);
  sandbox.knobs.unreachable = false;
  sandbox.knobs.accessTokenTtlSeconds = 3;
});

const requestsSince = (start: number): LoggedRequest[] => sandbox.requestLog.slice(start);
const isTokenRequest = (entry: LoggedRequest): boolean => entry.path === '/oidc/token';
/** The file with every `token_expires_at` set to `epochSeconds` (what the refresher goes by). */
const withExpiry = (text: string, epochSeconds: number): string =>
  text.replace(/^token_expires_at = .*$/gm, `token_expires_at = ${epochSeconds}`);

describe('pipecat-tray daemon: faults', () => {
  it('retries three token endpoint failures with backoff, quietly, while the token is far from expiry', async () => {
    const folder = path.join(dir, 'failures');
    const configPath = path.join(folder, 'pipecatcloud.toml');
    // Two sessions of 1300 s tokens, before the daemon runs (no sign-in races its refreshes).
    sandbox.knobs.accessTokenTtlSeconds = 1300;
    await signInOverHttp(sandbox, configPath);
    const elsewhere = path.join(folder, 'second-sign-in.toml');
    await signInOverHttp(sandbox, elsewhere);
    // The first one's file says it has expired: the daemon refreshes it at once, and learns from
    // its own refresh that tokens live 1300 s (refreshed at half-life, 650 s before expiry).
    await writeLikeTheCli(configPath, withExpiry(await readFile(configPath, 'utf8'), Date.now() / 1000 - 1));
    const daemon = await daemonOn(configPath);
    await Promise.all([
      daemon.waitForLog(/^refreshed the access token; next check in 11 min$/, { since: 0 }),
      daemon.waitForLog(SIGNED_IN, { since: 0 }),
    ]);

    // The second one arrives with 500 s left: due at once, yet far from the CLI's last minutes,
    // so three failures and their backoff (2 + 4 + 8 s at most) fit with room to spare.
    const secondText = withExpiry(await readFile(elsewhere, 'utf8'), Date.now() / 1000 + 500);
    const installed = parseSnapshot(secondText).credentialsOf(sandbox.apiHost);
    const revokedBefore = sandbox.counters.grantsRevoked;
    const injectedBefore = sandbox.counters.injectedTokenFailures;
    sandbox.knobs.failNextTokenRequests(3, 500);
    const logStart = sandbox.requestLog.length;
    const mark = daemon.mark();
    await writeLikeTheCli(configPath, secondText);

    await daemon.waitForLog(/^refreshed the access token/, { since: mark });
    const failures = daemon.linesMatching(/^refresh failed: /, mark);
    expect(failures).toHaveLength(3);
    for (const line of failures) {
      expect(line).toMatch(
        /^refresh failed: The identity provider \D*HTTP 500\)?\.; next check in less than a minute$/,
      );
    }
    const tokenRequests = requestsSince(logStart).filter(isTokenRequest);
    // One request per backoff step: three refused, then the one that worked.
    expect(tokenRequests.map((entry) => entry.status)).toEqual([500, 500, 500, 200]);
    // Nothing else: no discovery per try (it was done once, at the first refresh), the new
    // session's profile once.
    expect(
      requestsSince(logStart)
        .filter((entry) => !isTokenRequest(entry))
        .map((entry) => `${entry.method} ${entry.path} ${entry.status}`)
        .sort(),
    ).toEqual(['GET /v1/organizations 200', 'GET /v1/users 200']);
    expect(sandbox.counters.injectedTokenFailures - injectedBefore).toBe(3);
    expect(sandbox.knobs.pendingTokenFailures).toBe(0);
    // All of it happened well before the CLI's own refresh window (the premise of "quiet").
    const quietUntilMs = ((installed?.tokenExpiresAt ?? 0) - CLI_REFRESH_WINDOW_SECONDS * 5) * 1000;
    expect(tokenRequests.at(-1)?.time ?? Infinity).toBeLessThan(quietUntilMs);
    // Never anything but signed in, and no error shown.
    expect(daemon.linesMatching(TROUBLE, mark)).toEqual([]);

    const current = await credentialsIn(configPath, sandbox.apiHost);
    expect(current?.refreshToken === installed?.refreshToken).toBe(false);
    expect(await usersStatusFor(sandbox, current?.token ?? '')).toBe(200);
    expect(sandbox.counters.grantsRevoked).toBe(revokedBefore);
  });

  it('a session ended elsewhere becomes "expired", and the file keeps its org tables', async () => {
    const configPath = path.join(dir, 'revoked', 'pipecatcloud.toml');
    const fixture = await readFile(path.join(FIXTURES, 'org-with-keys.toml'), 'utf8');
    await writeLikeTheCli(configPath, fixture);
    const fixtureToml = await loadWithPythonTomllib(configPath);
    // An account of its own, so that exactly this session is the one ended.
    const account = sandbox.addAccount({
      userId: 'user_signed_out_elsewhere',
      password: 'elsewhere-password',
      emails: ['elsewhere@example.com'],
      organizations: [{ name: 'acme', verboseName: 'Acme Inc.' }],
    });
    await signInOverHttp(sandbox, configPath, {
      account: { email: 'elsewhere@example.com', password: account.password },
    });

    const daemon = await daemonOn(configPath);
    await daemon.waitForLog(/^signed in as elsewhere@example\.com · Acme Inc\. \(acme\) with OAuth$/);
    await daemon.waitForLog(/^refreshed the access token/);
    const logStart = sandbox.requestLog.length;
    const revokedBefore = sandbox.counters.grantsRevoked;
    const mark = daemon.mark();
    // Logged out on another machine: every grant of the user is revoked.
    expect(await sandbox.revokeGrantsFor(account.userId)).toBe(1);

    await daemon.waitForLog(/^the refresh token was refused: the session is over, sign in again$/, {
      since: mark,
    });
    await daemon.waitForLog(
      /^session expired for https:\/\/127\.0\.0\.1:\d+: sign in again \(Your Pipecat Cloud session ended/,
      { since: mark },
    );
    // One refused refresh, no retry of a dead token.
    expect(
      requestsSince(logStart)
        .filter(isTokenRequest)
        .map((entry) => entry.status),
    ).toEqual([400]);
    expect(sandbox.counters.grantsRevoked - revokedBefore).toBe(1);

    const toml = await loadWithPythonTomllib(configPath);
    for (const org of ['test-org', 'second-org']) expect(toml[org]).toEqual(fixtureToml[org]);
    // The CLI's own (top-level) credentials are not the sandbox's: untouched.
    const topLevelKeys = ['token', 'refresh_token', 'token_expires_at', 'org'];
    const topLevel = (doc: TaggedToml): string => JSON.stringify(topLevelKeys.map((key) => doc[key]));
    expect(topLevel(toml) === topLevel(fixtureToml), 'the top level is as the CLI left it').toBe(true);
    // Only the dead credentials went; the host keeps its org.
    const environments = toml['environments'] as Record<string, TaggedToml> | undefined;
    const hostTable = environments?.[sandbox.apiHost];
    expect(Object.keys(hostTable ?? {})).toEqual(['org']);
    expect(hostTable?.['org']).toEqual({ type: 'str', value: 'acme' });
    const left = (await snapshotOf(configPath)).credentialsOf(sandbox.apiHost);
    expect(left === undefined, 'no credentials left for the host').toBe(true);
  });

  it('an API that cannot be reached is retried once per backoff step, and recovery follows', async () => {
    const configPath = path.join(dir, 'unreachable', 'pipecatcloud.toml');
    await signInOverHttp(sandbox, configPath);
    const daemon = await daemonOn(configPath);
    await daemon.waitForLog(SIGNED_IN);
    // Discovery is behind it: from now on each try is exactly one token request.
    await daemon.waitForLog(/^refreshed the access token/);
    const before = await credentialsIn(configPath, sandbox.apiHost);

    sandbox.knobs.unreachable = true;
    const revokedBefore = sandbox.counters.grantsRevoked;
    const logStart = sandbox.requestLog.length;
    const mark = daemon.mark();
    const steps = 2;
    for (let step = 1; step <= steps; step += 1) {
      await daemon.waitForLog(
        /^refresh failed: The identity provider could not be reached\.; next check in /,
      );
      // Each step is one attempt: as many dropped requests as failures reported, no more.
      expect(requestsSince(logStart).map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual(
        Array(step).fill('POST /oidc/token 0'),
      );
    }
    sandbox.knobs.unreachable = false;

    await daemon.waitForLog(/^refreshed the access token/, { since: mark });
    expect(requestsSince(logStart).map((entry) => entry.status)).toEqual([...Array(steps).fill(0), 200]);
    // It did say so once the token was about to expire, and says it no longer once it is fixed.
    await daemon.waitForLog(SIGNED_IN, { since: mark });
    const after = await credentialsIn(configPath, sandbox.apiHost);
    expect(after?.refreshToken === before?.refreshToken).toBe(false);
    expect(await usersStatusFor(sandbox, after?.token ?? '')).toBe(200);
    expect(sandbox.counters.grantsRevoked).toBe(revokedBefore);
  });

  it('printed no secret', () => {
    const secrets = countLeakedSecrets(sandbox, [...transcripts, JSON.stringify(sandbox.requestLog)]);
    expect(secrets.known).toBeGreaterThan(0);
    expect(secrets.leaked, 'a secret appeared in the daemon output').toBe(0);
  });
});
