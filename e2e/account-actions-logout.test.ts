/**
 * `pipecat-tray logout` end to end, one outcome of `POST /auth/logout` per test: each prints its
 * own message, removes only the sandbox host's credentials, and leaves the CLI's tables alone.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signOut } from '../main/core/actions/sign-out.js';
import { PipecatApi } from '../main/core/api/pipecat-api.js';
import { revocationAttempt } from '../main/core/revocation/attempt.js';
import { ProviderCache } from '../main/core/session/provider-cache.js';
import { CredentialsStore, type StoredCredentials } from '../main/core/credentials/index.js';
import { copyFixture, parseToml, readToml } from '../tests/unit/credentials-helpers.js';
import {
  accountActionsSuite,
  leakedSecrets,
  signInOAuth,
  tryRefreshGrant,
  type TrayRun,
} from './account-actions-support.js';
import type { Sandbox } from '../sandbox/index.js';
import { closedPort, type SignInHarness } from './support/sign-in-harness.js';

const FIXTURE = 'org-with-keys.toml';
/** What the terminal command adds to an unconfirmed revocation: it ends, so it says how to retry. */
const HOW_TO_RETRY =
  'the session can still be refreshed until it is revoked. To retry, sign out while `pipecat-tray daemon` or the tray app runs for this file: either keeps trying until Pipecat Cloud confirms (one running now already does).';

const suite = accountActionsSuite();
const { fileFrom, tray, transcripts } = suite;
let harness: SignInHarness;
let sandbox: Sandbox;
let fixture: Record<string, unknown>;

beforeAll(async () => {
  ({ harness, sandbox } = suite);
  fixture = parseToml(await copyFixture(FIXTURE, path.join(harness.dir, FIXTURE)));
});

afterEach(() => {
  sandbox.knobs.logoutStatus = null;
  sandbox.knobs.latencyMs = 0;
});

/** A fresh file: the CLI's own (production login, two org tables), then a sandbox OAuth sign-in. */
async function signedInFile(): Promise<{ file: string; credentials: StoredCredentials }> {
  const file = await fileFrom(FIXTURE);
  return { file, credentials: await signInOAuth(harness, file) };
}

function logout(file: string, apiHost?: string): Promise<TrayRun> {
  return tray(file, ['logout'], { apiHost });
}

/** The CLI's top level and org tables are as the fixture had them; the host keeps only its org. */
async function expectOnlyHostCredentialsRemoved(file: string, apiHost = sandbox.apiHost): Promise<void> {
  const doc = await readToml(file);
  for (const key of ['token', 'refresh_token', 'token_expires_at', 'org', 'test-org', 'second-org']) {
    expect(doc[key], key).toEqual(fixture[key]);
  }
  const environments = doc['environments'] as Record<string, unknown>;
  expect(environments[apiHost]).toEqual({ org: 'acme' });
  expect(doc['acme']).toEqual({});
  await expect(harness.store(file, apiHost).read()).resolves.toBeUndefined();
}

describe('pipecat-tray logout', () => {
  it('revokes the session: the old refresh token no longer works', async () => {
    const { file, credentials } = await signedInFile();
    const logouts = sandbox.counters.logoutRequests;
    const result = await logout(file);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(
      'Signed out: Pipecat Cloud revoked the session and its credentials were removed from this machine.',
    );
    expect(sandbox.counters.logoutRequests).toBe(logouts + 1);
    await expect(tryRefreshGrant(sandbox, credentials.refreshToken)).resolves.toEqual({
      status: 400,
      error: 'invalid_grant',
    });
    await expectOnlyHostCredentialsRemoved(file);
  });

  it('503: signs out here and says the session can still be refreshed, which it can', async () => {
    const { file, credentials } = await signedInFile();
    sandbox.knobs.logoutStatus = 503;
    const result = await logout(file);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(
      `Signed out on this machine, but the revocation service is down: ${HOW_TO_RETRY}`,
    );
    await expectOnlyHostCredentialsRemoved(file);
    // The message is honest: nothing was revoked, so the refresh token still works.
    await expect(tryRefreshGrant(sandbox, credentials.refreshToken)).resolves.toMatchObject({ status: 200 });
  });

  it('another status: signs out here and says the revocation was not confirmed', async () => {
    const { file } = await signedInFile();
    sandbox.knobs.logoutStatus = 500;
    const result = await logout(file);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(
      `Signed out on this machine, but Pipecat Cloud answered HTTP 500 and did not confirm the revocation: ${HOW_TO_RETRY}`,
    );
    await expectOnlyHostCredentialsRemoved(file);
  });

  it('unreachable API: signs out here and says Pipecat Cloud could not be reached', async () => {
    const { file } = await signedInFile();
    const apiHost = `https://127.0.0.1:${await closedPort()}`;
    // The same session, filed under a host where nothing listens.
    const text = await readFile(file, 'utf8');
    await writeFile(
      file,
      text.replaceAll(`[environments."${sandbox.apiHost}"]`, `[environments."${apiHost}"]`),
    );
    const result = await logout(file, apiHost);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(
      `Signed out on this machine, but Pipecat Cloud could not be reached to revoke the session: ${HOW_TO_RETRY}`,
    );
    await expectOnlyHostCredentialsRemoved(file, apiHost);
  });

  it('no answer within the timeout: the core action gives up and still signs out', async () => {
    const { file } = await signedInFile();
    // Far longer than the timeout below; the sandbox drops it when it closes.
    sandbox.knobs.latencyMs = 120_000;
    const answered = sandbox.nextRequest((request) => request.path === '/auth/logout');
    const provider = new ProviderCache({ apiHost: sandbox.apiHost, fetch: harness.fetch });
    const api = PipecatApi.create(sandbox.apiHost, harness.fetch);
    const result = await signOut({
      // Without the harness's top-level check: its /v1/users request would wait out the latency too.
      store: new CredentialsStore({ path: file, apiHost: sandbox.apiHost }),
      revoke: revocationAttempt({ api, provider, logoutTimeoutMs: 200 }),
      retriesInBackground: false,
    });
    // Before the checks below: the harness's store asks the sandbox about the file's top level.
    sandbox.knobs.latencyMs = 0;
    expect(result.outcome).toEqual({ kind: 'unreachable' });
    expect(result.removed).toBe(true);
    // The request did reach the sandbox, and its connection closed without an answer.
    await expect(answered).resolves.toMatchObject({ method: 'POST', status: 0 });
    await expectOnlyHostCredentialsRemoved(file);
  });

  it('a personal access token: removed here, never sent to /auth/logout', async () => {
    const { file } = await signedInFile();
    const pat = sandbox.mintPat();
    const usePat = await tray(file, ['use-pat'], { input: `${pat}\n` });
    expect(usePat.code).toBe(0);
    const logouts = sandbox.counters.logoutRequests;
    const result = await logout(file);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(
      'Removed the personal access token from this machine; it stays valid until you revoke it at https://pipecat.daily.co.',
    );
    expect(sandbox.counters.logoutRequests).toBe(logouts);
    await expectOnlyHostCredentialsRemoved(file);
  });

  it('nothing to sign out of: exit 1, file untouched', async () => {
    const { file } = await signedInFile();
    expect((await logout(file)).code).toBe(0);
    const before = await readFile(file, 'utf8');
    const result = await logout(file);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `Nothing to sign out of: ${file} holds no credentials for ${sandbox.apiHost}.`,
    );
    await expect(readFile(file, 'utf8')).resolves.toBe(before);
  });

  it('printed no secret anywhere', () => {
    const { leaked, known } = leakedSecrets(sandbox, transcripts);
    expect(known).toBeGreaterThanOrEqual(10);
    expect(leaked, 'a secret appeared in the output').toBe(0);
  });
});
