/**
 * `pipecat-tray daemon` keeps a short-lived session alive on its own: it refreshes before every
 * expiry, each rotation gives a working access token and a refresh token never seen before, no
 * refresh token is ever replayed, and a steady-state refresh is one request to the token endpoint.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoggedRequest, Sandbox } from '../sandbox/index.js';
import { countLeakedSecrets, credentialsIn, signInOverHttp, usersStatusFor } from './support/daemon.js';
import { daemonSuite } from './support/daemon-suite.js';
import { loadWithPythonTomllib } from './support/python-toml.js';

/** 3 s tokens: the daemon refreshes when half is left, so a rotation every ~1.5 s. */
const TTL_SECONDS = 3;
const ROTATIONS = 5;
const SIGNED_IN = /^signed in as dev@example\.com · Acme Inc\. \(acme\) with OAuth$/;

const suite = daemonSuite('daemon-refresh', { accessTokenTtlSeconds: TTL_SECONDS });
let sandbox: Sandbox;
let dir: string;

beforeAll(() => {
  ({ sandbox, dir } = suite);
});

const describeRequest = (entry: LoggedRequest): string => `${entry.method} ${entry.path} ${entry.status}`;

describe('pipecat-tray daemon: refreshing', () => {
  it(`rotates a ${TTL_SECONDS} s session before each expiry, ${ROTATIONS} times, one token request each`, async () => {
    const configPath = path.join(dir, 'rotations', 'pipecatcloud.toml');
    await signInOverHttp(sandbox, configPath);
    const signedIn = await credentialsIn(configPath, sandbox.apiHost);
    expect(signedIn?.refreshToken).toBeTruthy();
    const refreshTokens = [signedIn?.refreshToken ?? ''];
    let previousExpiry = signedIn?.tokenExpiresAt ?? 0;

    const logStart = sandbox.requestLog.length;
    const daemon = await suite.daemonOn(configPath);
    await daemon.waitForLog(SIGNED_IN);

    /** requestLog positions right after each refresh's token request. */
    const boundaries: number[] = [];
    for (let rotation = 1; rotation <= ROTATIONS; rotation += 1) {
      await daemon.waitForLog(/^refreshed the access token/);
      // The sandbox logs in this process before it answers, so the refresh's request is there.
      boundaries.push(sandbox.requestLog.length);
      const tokenRequest = sandbox.requestLog.at(-1);
      expect(tokenRequest && describeRequest(tokenRequest)).toBe('POST /oidc/token 200');
      // Refreshed before the token it replaced had expired.
      expect(tokenRequest?.time ?? Infinity).toBeLessThan(previousExpiry * 1000);

      const current = await credentialsIn(configPath, sandbox.apiHost);
      expect(current).toBeDefined();
      const refreshToken = current?.refreshToken ?? '';
      expect(refreshToken).not.toBe('');
      expect(refreshTokens.includes(refreshToken), `rotation ${rotation} reused a refresh token`).toBe(false);
      refreshTokens.push(refreshToken);
      expect(current?.tokenExpiresAt ?? 0).toBeGreaterThan(previousExpiry);
      previousExpiry = current?.tokenExpiresAt ?? 0;
      expect(await usersStatusFor(sandbox, current?.token ?? '')).toBe(200);
      const toml = await loadWithPythonTomllib(configPath);
      expect(toml['token_expires_at']).toMatchObject({ type: 'float' });
    }

    const daemonRequests = sandbox.requestLog.slice(logStart, boundaries[0]).map(describeRequest);
    // Discovery once, at the first refresh; the profile once, when the session was first read.
    expect(daemonRequests.sort()).toEqual(
      [
        'GET /auth/config 200',
        'GET /oidc/.well-known/openid-configuration 200',
        'GET /v1/organizations 200',
        'GET /v1/users 200',
        'POST /oidc/token 200',
      ].sort(),
    );
    for (let i = 1; i < boundaries.length; i += 1) {
      // Steady state: one token request; the GET /v1/users is this test's own check of the token.
      const between = sandbox.requestLog.slice(boundaries[i - 1], boundaries[i]).map(describeRequest);
      expect(between.sort(), `requests between refresh ${i} and ${i + 1}`).toEqual([
        'GET /v1/users 200',
        'POST /oidc/token 200',
      ]);
    }
    expect(sandbox.counters.grantsRevoked).toBe(0);
    expect(sandbox.counters.tokenRequests['refresh_token']).toBeGreaterThanOrEqual(ROTATIONS);
    // The state never left "signed in": no failure, expiry or error was ever reported.
    expect(daemon.linesMatching(/^(signed out|session expired|needs attention|refresh failed)/)).toEqual([]);
    expect(daemon.linesMatching(SIGNED_IN)).toHaveLength(1);

    expect(await daemon.stop('SIGTERM')).toBe(0);
    const { stdout, stderr } = daemon.output();
    expect(stderr).toBe('');
    const secrets = countLeakedSecrets(sandbox, [stdout, stderr, JSON.stringify(sandbox.requestLog)]);
    expect(secrets.known).toBeGreaterThanOrEqual(2 * ROTATIONS);
    expect(secrets.leaked, 'a secret appeared in the daemon output').toBe(0);
  });
});
