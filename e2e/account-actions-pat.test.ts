/**
 * `pipecat-tray use-pat` end to end: the PAT goes in on stdin (never argv), is checked locally,
 * verified against the sandbox, and saved the way `pipecat cloud auth use-pat` saves it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { readToml } from '../tests/unit/credentials-helpers.js';
import { accountActionsSuite, leakedSecrets, type TrayRun } from './account-actions-support.js';
import type { Sandbox } from '../sandbox/index.js';

const suite = accountActionsSuite();
const { fileFrom, newConfigPath, tray, transcripts } = suite;
let sandbox: Sandbox;

beforeAll(() => {
  ({ sandbox } = suite);
});

function usePat(configPath: string, input: string): Promise<TrayRun> {
  return tray(configPath, ['use-pat'], { input });
}

/** The sandbox host's table, as written by the app for a non-default host. */
async function hostTable(configPath: string): Promise<Record<string, unknown>> {
  const doc = await readToml(configPath);
  const environments = doc['environments'] as Record<string, Record<string, unknown>> | undefined;
  return environments?.[sandbox.apiHost] ?? {};
}

describe('pipecat-tray use-pat', () => {
  it('refuses a token without the pcc_pat_ prefix before any request', async () => {
    const before = sandbox.requestLog.length;
    // Shaped like an OAuth access token: exactly what must never be sent as a PAT by mistake.
    const result = await usePat(newConfigPath(), 'eyJhbGciOiJSUzI1NiJ9.not-a-pat.sig\n');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^That is not a personal access token: they start with pcc_pat_/m);
    expect(sandbox.requestLog.length).toBe(before);
  });

  it('refuses a PAT on the command line without repeating it', async () => {
    const pat = sandbox.mintPat();
    const before = sandbox.requestLog.length;
    const result = await tray(newConfigPath(), ['use-pat', pat]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/use-pat takes no arguments: a token on the command line leaks/);
    expect(result.stderr.includes(pat)).toBe(false);
    expect(sandbox.requestLog.length).toBe(before);
  });

  it('says so when stdin is empty', async () => {
    const result = await usePat(newConfigPath(), '');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^No personal access token was given\.$/m);
  });

  it('refuses a PAT Pipecat Cloud does not accept and writes nothing', async () => {
    const pat = sandbox.mintPat();
    expect(sandbox.revokePat(pat)).toBe(true);
    const configPath = newConfigPath();
    const result = await usePat(configPath, `${pat}\n`);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Pipecat Cloud did not accept this personal access token\.$/m);
    await expect(readFile(configPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('tells an account without organizations to finish onboarding', async () => {
    sandbox.addAccount({
      userId: 'user_no_org',
      password: 'pw',
      emails: ['new@example.com'],
      organizations: [],
    });
    const result = await usePat(newConfigPath(), `${sandbox.mintPat({ userId: 'user_no_org' })}\n`);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Your account has no organization yet: finish setting it up at /m);
  });

  describe('with a good PAT, over an OAuth-style file that names second-org', () => {
    let file = '';
    let pat = '';
    let run: TrayRun;
    let logoutsBefore = 0;

    beforeAll(async () => {
      // The CLI's own file, plus an earlier session of the sandbox host whose org is second-org.
      file = await fileFrom('org-with-keys.toml');
      const cliText = await readFile(file, 'utf8');
      const earlier = [
        '',
        `[environments."${sandbox.apiHost}"]`,
        'token = "an-old-access-token"',
        'refresh_token = "an-old-refresh-token"',
        'token_expires_at = 1796015765.5',
        'org = "second-org"',
        '',
      ].join('\n');
      await writeFile(file, cliText + earlier);
      pat = sandbox.mintPat();
      logoutsBefore = sandbox.counters.logoutRequests;
      run = await usePat(file, `${pat}\n`);
    });

    it('says who is signed in, how, and in which org', () => {
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        /^Signed in as dev@example\.com · Second Org \(second-org\) with a personal access token$/m,
      );
    });

    it('stores the PAT with an empty refresh token, an integer 0 expiry and the kept org', async () => {
      const table = await hostTable(file);
      expect(table['token'] === pat).toBe(true);
      expect(table['refresh_token']).toBe('');
      expect(table['token_expires_at']).toBe(0n);
      expect(table['org']).toBe('second-org');
      const text = await readFile(file, 'utf8');
      expect(text).toMatch(/^token_expires_at = 0$/m);
    });

    it('replaces the earlier session without calling /auth/logout', () => {
      expect(sandbox.counters.logoutRequests).toBe(logoutsBefore);
    });

    it('leaves the CLI`s own top level and org tables alone', async () => {
      const doc = await readToml(file);
      expect(doc['org']).toBe('test-org');
      expect(doc['refresh_token']).toBe('FAKE_REFRESH_TOKEN_abc123');
      expect(doc['second-org']).toEqual({
        default_public_key: 'pk_FAKE_second_0001',
        default_public_key_name: 'Second Key',
      });
    });

    it('status --json reports a PAT session', async () => {
      const result = await tray(file, ['status', '--json']);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({
        signedIn: true,
        authMethod: 'pat',
        email: 'dev@example.com',
        org: 'second-org',
        tokenState: 'valid',
      });
    });

    it('never had the PAT in argv, stdout, stderr or the request log', () => {
      expect(run.argv.some((arg) => arg.includes(pat))).toBe(false);
      expect(run.stdout.includes(pat) || run.stderr.includes(pat)).toBe(false);
      expect(JSON.stringify(sandbox.requestLog).includes(pat)).toBe(false);
    });
  });

  it('falls back to the first org the PAT can see', async () => {
    const file = newConfigPath();
    const pat = sandbox.mintPat({ orgs: ['second-org'] });
    const result = await usePat(file, `${pat}\r\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('· Second Org (second-org) with a personal access token');
    expect((await hostTable(file))['org']).toBe('second-org');
    const restricted = sandbox.mintPat({ orgs: ['acme'] });
    const again = await usePat(file, `${restricted}\n`);
    expect(again.code).toBe(0);
    expect((await hostTable(file))['org']).toBe('acme');
  });

  it('printed no secret anywhere', () => {
    const { leaked, known } = leakedSecrets(sandbox, transcripts);
    expect(known).toBeGreaterThanOrEqual(5);
    expect(leaked, 'a secret appeared in the output').toBe(0);
  });
});
