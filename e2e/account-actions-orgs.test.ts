/**
 * `pipecat-tray orgs` end to end: the list with the active org marked, and `--use NAME`, which
 * changes the `org` key and nothing else, byte for byte, in a file the CLI wrote first.
 */
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseToml, readToml } from '../tests/unit/credentials-helpers.js';
import { accountActionsSuite, leakedSecrets, signInOAuth } from './account-actions-support.js';
import type { Sandbox } from '../sandbox/index.js';

const suite = accountActionsSuite();
const { fileFrom, tray, transcripts } = suite;
let sandbox: Sandbox;

beforeAll(() => {
  ({ sandbox } = suite);
});

async function signInWithPat(file: string, orgs?: string[]): Promise<void> {
  const result = await tray(file, ['use-pat'], { input: `${sandbox.mintPat(orgs ? { orgs } : {})}\n` });
  expect(result.code).toBe(0);
}

describe('pipecat-tray orgs', () => {
  describe('on the CLI`s file with keys for two orgs, signed in with a PAT', () => {
    let file = '';

    beforeAll(async () => {
      file = await fileFrom('org-with-keys.toml');
      await signInWithPat(file);
    });

    it('lists the organizations, the active one marked', async () => {
      const result = await tray(file, ['orgs']);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('* Acme Inc. (acme)\n  Second Org (second-org)\n');
    });

    it('--use switches: only the org key of this host changes, byte for byte', async () => {
      const before = await readFile(file, 'utf8');
      const hostOrg = `[environments."${sandbox.apiHost}"]\n`;
      // Guard: the line the switch must change is there, once, under the sandbox host's table.
      expect(before.split('org = "acme"\n').length).toBe(2);
      expect(before.indexOf('org = "acme"\n')).toBeGreaterThan(before.indexOf(hostOrg));
      const result = await tray(file, ['orgs', '--use', 'second-org']);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('Active organization: Second Org (second-org)\n');
      await expect(readFile(file, 'utf8')).resolves.toBe(
        before.replace('org = "acme"\n', 'org = "second-org"\n'),
      );
    });

    it('then lists the new active org', async () => {
      const result = await tray(file, ['orgs']);
      expect(result.stdout).toBe('  Acme Inc. (acme)\n* Second Org (second-org)\n');
    });

    it('--use of the active org says so and leaves the file alone', async () => {
      const before = await readFile(file, 'utf8');
      const result = await tray(file, ['orgs', '--use', 'second-org']);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('Second Org (second-org) already is the active organization.\n');
      await expect(readFile(file, 'utf8')).resolves.toBe(before);
    });

    it('--use of an unknown org names the valid ones and changes nothing', async () => {
      const before = await readFile(file, 'utf8');
      const result = await tray(file, ['orgs', '--use', 'nope']);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'This account has no organization named "nope"; choose one of: acme, second-org.\n',
      );
      await expect(readFile(file, 'utf8')).resolves.toBe(before);
    });
  });

  it('--use adds the org table the CLI would add, and nothing else changes', async () => {
    const file = await fileFrom('oauth-login.toml');
    await signInOAuth(suite.harness, file);
    const before = parseToml(await readFile(file, 'utf8'));
    expect(before['second-org']).toBeUndefined();
    const result = await tray(file, ['orgs', '--use', 'second-org']);
    expect(result.code).toBe(0);
    // What it should be, rebuilt from `before`: the host's org changed, an empty [second-org] added.
    const environments = before['environments'] as Record<string, Record<string, unknown>>;
    environments[sandbox.apiHost] = { ...environments[sandbox.apiHost], org: 'second-org' };
    await expect(readToml(file)).resolves.toEqual({ ...before, 'second-org': {} });
  });

  it('only offers the orgs the token can see', async () => {
    const file = await fileFrom('pat.toml');
    await signInWithPat(file, ['acme']);
    expect((await tray(file, ['orgs'])).stdout).toBe('* Acme Inc. (acme)\n');
    const result = await tray(file, ['orgs', '--use', 'second-org']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('choose one of: acme.');
  });

  it('needs a sign-in first', async () => {
    const file = await fileFrom('oauth-login.toml');
    const result = await tray(file, ['orgs']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`Not signed in to ${sandbox.apiHost}: sign in first.\n`);
  });

  it('printed no secret anywhere', () => {
    const { leaked, known } = leakedSecrets(sandbox, transcripts);
    expect(known).toBeGreaterThanOrEqual(5);
    expect(leaked, 'a secret appeared in the output').toBe(0);
  });
});
