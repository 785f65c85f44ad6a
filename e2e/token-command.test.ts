/**
 * `pipecat-tray token` end to end against the sandbox: only the access token on stdout, refreshed
 * first when it would not stay valid for --min-valid, one refresh for many parallel callers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { accountActionsSuite, leakedSecrets, signInOAuth } from './account-actions-support.js';
import type { Sandbox } from '../sandbox/index.js';
import type { SignInHarness } from './support/sign-in-harness.js';

const suite = accountActionsSuite();
const { fileFrom, tray, transcripts } = suite;
let harness: SignInHarness;
let sandbox: Sandbox;

beforeAll(() => {
  ({ harness, sandbox } = suite);
});

const refreshGrants = (): number => sandbox.counters.tokenRequests['refresh_token'] ?? 0;

/** An OAuth session whose access token the file says expires in `seconds`. */
async function sessionExpiringIn(seconds: number): Promise<string> {
  const file = await fileFrom('org-with-keys.toml');
  const credentials = await signInOAuth(harness, file);
  await harness.store(file).write({ ...credentials, tokenExpiresAt: Date.now() / 1000 + seconds });
  return file;
}

/** Whether the API takes `token` as a bearer: proves what was printed is a live access token. */
async function accepted(token: string): Promise<boolean> {
  const response = await harness.fetch(`${sandbox.apiHost}/v1/users`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return response.ok;
}

describe('pipecat-tray token', () => {
  it('prints the stored access token as is while it stays valid long enough: no request', async () => {
    const file = await sessionExpiringIn(3600);
    const stored = await harness.store(file).read();
    const grants = refreshGrants();
    const result = await tray(file, ['token', '--min-valid', '30m']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout === `${stored?.token}\n`).toBe(true);
    expect(refreshGrants()).toBe(grants);
  });

  it('refreshes first when the token would expire within --min-valid, and prints the new one', async () => {
    const file = await sessionExpiringIn(600);
    const before = await harness.store(file).read();
    const grants = refreshGrants();
    const result = await tray(file, ['token', '--min-valid', '1h']);
    const after = await harness.store(file).read();
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(refreshGrants()).toBe(grants + 1);
    expect(after?.token !== before?.token && result.stdout === `${after?.token}\n`).toBe(true);
    expect(await accepted(result.stdout.trim())).toBe(true);
  });

  it('50 parallel calls on an about-to-expire session: one refresh, 50 valid tokens', async () => {
    const file = await sessionExpiringIn(60);
    const grants = refreshGrants();
    const results = await Promise.all(Array.from({ length: 50 }, () => tray(file, ['token'])));
    const stored = await harness.store(file).read();
    expect(results.map((result) => result.code)).toEqual(Array.from({ length: 50 }, () => 0));
    expect(results.filter((result) => result.stderr !== '')).toEqual([]);
    expect(refreshGrants()).toBe(grants + 1);
    const printed = new Set(results.map((result) => result.stdout));
    expect(printed.size === 1 && printed.has(`${stored?.token}\n`)).toBe(true);
    expect(stored?.tokenExpiresAt).toBeGreaterThan(Date.now() / 1000 + 300);
    expect(await accepted(stored?.token ?? '')).toBe(true);
  });

  it('prints a personal access token as is', async () => {
    const file = await fileFrom('org-with-keys.toml');
    const pat = sandbox.mintPat();
    expect((await tray(file, ['use-pat'], { input: `${pat}\n` })).code).toBe(0);
    const result = await tray(file, ['token', '--min-valid', '1h']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout === `${pat}\n`).toBe(true);
  });

  it('signed out: nothing on stdout, one sentence on stderr, exit 1', async () => {
    const file = suite.newConfigPath();
    const result = await tray(file, ['token']);
    expect(result).toEqual(
      expect.objectContaining({
        code: 1,
        stdout: '',
        stderr: `Not signed in to ${sandbox.apiHost}: sign in with \`pipecat-tray login\` first.\n`,
      }),
    );
  });

  it('a session that cannot be refreshed: nothing on stdout, one sentence, exit 1', async () => {
    const file = await sessionExpiringIn(60);
    expect(await sandbox.revokeGrantsFor(sandbox.account.userId)).toBeGreaterThan(0);
    const result = await tray(file, ['token']);
    expect(result).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'The session has ended (signed out elsewhere, or the refresh token expired): sign in again.\n',
    });
  });

  it('printed no secret but the token it was asked for on stdout', () => {
    const stderrOnly = transcripts.filter((_, index) => index % 2 === 1);
    expect(leakedSecrets(sandbox, stderrOnly)).toMatchObject({ leaked: 0 });
  });
});
