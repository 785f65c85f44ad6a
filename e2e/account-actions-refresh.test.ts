/**
 * `pipecat-tray refresh` end to end: one `refreshNow()` of the refresher, printed. Exit 0 only
 * when the file holds a freshly refreshed access token afterwards.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  accountActionsSuite,
  leakedSecrets,
  signInOAuth,
  tryRefreshGrant,
} from './account-actions-support.js';
import type { Sandbox } from '../sandbox/index.js';
import type { SignInHarness } from './support/sign-in-harness.js';

const suite = accountActionsSuite();
const { fileFrom, tray, transcripts } = suite;
let harness: SignInHarness;
let sandbox: Sandbox;

beforeAll(() => {
  ({ harness, sandbox } = suite);
});

afterEach(() => {
  sandbox.knobs.failNextTokenRequests(0);
});

const newFile = (): Promise<string> => fileFrom('org-with-keys.toml');

function refreshGrants(): number {
  return sandbox.counters.tokenRequests['refresh_token'] ?? 0;
}

describe('pipecat-tray refresh', () => {
  it('refreshes an OAuth session now and prints the new expiry', async () => {
    const file = await newFile();
    const before = await signInOAuth(harness, file);
    const grants = refreshGrants();
    const result = await tray(file, ['refresh']);
    expect(result.code).toBe(0);
    const printed = /^Refreshed the access token; it now expires at (\S+Z)\.$/m.exec(result.stdout)?.[1];
    const after = await harness.store(file).read();
    expect(after?.token !== before.token && after?.refreshToken !== before.refreshToken).toBe(true);
    expect(after?.tokenExpiresAt).toBeGreaterThanOrEqual(before.tokenExpiresAt);
    expect(printed).toBe(
      new Date(Math.trunc((after?.tokenExpiresAt ?? 0) * 1000)).toISOString().replace(/\.\d+Z$/, 'Z'),
    );
    expect(refreshGrants()).toBe(grants + 1);
    // Rotation: the refresh token it replaced is dead.
    await expect(tryRefreshGrant(sandbox, before.refreshToken)).resolves.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('a personal access token: nothing to refresh, no token request', async () => {
    const file = await newFile();
    expect((await tray(file, ['use-pat'], { input: `${sandbox.mintPat()}\n` })).code).toBe(0);
    const grants = refreshGrants();
    const result = await tray(file, ['refresh']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Signed in with a personal access token: it does not expire, so there is nothing to refresh.\n',
    );
    expect(refreshGrants()).toBe(grants);
  });

  it('signed out: nothing to refresh', async () => {
    const result = await tray(await newFile(), ['refresh']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Not signed in: there is nothing to refresh.\n');
  });

  it('a session revoked elsewhere: says it ended and removes the dead credentials', async () => {
    const file = await newFile();
    await signInOAuth(harness, file);
    expect(await sandbox.revokeGrantsFor(sandbox.account.userId)).toBeGreaterThan(0);
    const result = await tray(file, ['refresh']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'The session has ended (signed out elsewhere, or the refresh token expired): sign in again.\n',
    );
    await expect(harness.store(file).read()).resolves.toBeUndefined();
  });

  it('a failing token endpoint: says why and keeps the session', async () => {
    const file = await newFile();
    const before = await signInOAuth(harness, file);
    sandbox.knobs.failNextTokenRequests(1, 503);
    const result = await tray(file, ['refresh']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Could not refresh the session: The identity provider \w+ (\()?HTTP 503\)?\.$/m,
    );
    expect(sandbox.knobs.pendingTokenFailures).toBe(0);
    const after = await harness.store(file).read();
    expect(after?.token === before.token && after.refreshToken === before.refreshToken).toBe(true);
  });

  it('printed no secret anywhere', () => {
    const { leaked, known } = leakedSecrets(sandbox, transcripts);
    expect(known).toBeGreaterThanOrEqual(10);
    expect(leaked, 'a secret appeared in the output').toBe(0);
  });
});
