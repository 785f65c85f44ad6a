import { readFile, stat, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CredentialsStore, DEFAULT_API_HOST } from '../../main/core/credentials/index.js';
import { copyFixture, readToml, STAGING, tempFileForEachTest } from './credentials-helpers.js';

let file: string;
tempFileForEachTest((temp) => (file = temp.file));

const store = (apiHost: string) => new CredentialsStore({ path: file, apiHost });

describe('clear', () => {
  it('on the default host removes only the top-level tokens (and the default-host copy)', async () => {
    await copyFixture('environments.toml', file);
    const before = await readToml(file);
    await store(DEFAULT_API_HOST).clear();
    expect(await readToml(file)).toEqual({
      org: 'acme',
      acme: before['acme'],
      'acme-staging': {},
      environments: {
        [DEFAULT_API_HOST]: { org: 'acme' },
        [STAGING]: (before['environments'] as Record<string, unknown>)[STAGING],
      },
    });
    expect(await store(DEFAULT_API_HOST).read()).toBeUndefined();
    expect(await store(STAGING).read()).toMatchObject({ refreshToken: 'FAKE_STAGING_REFRESH_1' });
  });

  it('on a non-default host removes only its tokens; the top level stays', async () => {
    const original = await copyFixture('environments.toml', file);
    await store(STAGING).clear();
    const after = await readFile(file, 'utf8');
    expect(after).toBe(
      original.replace(
        /(\[environments\."https:\/\/staging\.qa\.pipecat\.cloud"\]\n)[^]*$/,
        '$1org = "acme-staging"\n',
      ),
    );
    expect(await store(DEFAULT_API_HOST).read()).toMatchObject({ refreshToken: 'FAKE_PROD_REFRESH_1' });
  });

  it('drops a per-host table it empties, and environments with it', async () => {
    await copyFixture('oauth-login.toml', file);
    const original = await readFile(file, 'utf8');
    await store(STAGING).write({ token: 't', refreshToken: 'r', tokenExpiresAt: 1 });
    await store(STAGING).clear();
    expect(await readFile(file, 'utf8')).toBe(original);
  });

  it('keeps a PAT file`s org and org table', async () => {
    await copyFixture('pat.toml', file);
    await store(DEFAULT_API_HOST).clear();
    expect(await readFile(file, 'utf8')).toBe('org = "test-org"\n\n[test-org]\n');
  });

  it('creates no file when there is none', async () => {
    await store(DEFAULT_API_HOST).clear();
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('does not rewrite a file it has nothing to remove from', async () => {
    await copyFixture('oauth-login.toml', file);
    const before = await stat(file);
    await store(STAGING).clear();
    expect((await stat(file)).ino).toBe(before.ino);
  });
});

describe('setOrg', () => {
  it('on the default host sets org and adds the org table, keeping existing ones intact', async () => {
    await copyFixture('org-with-keys.toml', file);
    const before = await readToml(file);
    await store(DEFAULT_API_HOST).setOrg('second-org');
    await store(DEFAULT_API_HOST).setOrg('third-org');
    expect(await readToml(file)).toEqual({ ...before, org: 'third-org', 'third-org': {} });
  });

  it('on a non-default host sets org in its table only', async () => {
    await copyFixture('environments.toml', file);
    const before = await readToml(file);
    await store(STAGING).setOrg('other');
    const after = await readToml(file);
    expect(after['org']).toBe('acme');
    expect(after['other']).toEqual({});
    expect(await store(STAGING).read()).toMatchObject({
      org: 'other',
      token: 'eyJhbGciOiJSUzI1NiJ9.FAKE-STAGING-ACCESS.sig',
    });
    expect({ ...after, other: undefined, environments: undefined }).toEqual({
      ...before,
      environments: undefined,
    });
  });

  it('keeps the default-host copy in step when one exists', async () => {
    await copyFixture('environments.toml', file);
    await store(DEFAULT_API_HOST).setOrg('acme-staging');
    const environments = (await readToml(file))['environments'] as Record<string, Record<string, unknown>>;
    expect(environments[DEFAULT_API_HOST]?.['org']).toBe('acme-staging');
  });

  it('never turns a reserved top-level name into a table', async () => {
    await writeFile(file, '');
    await store(STAGING).setOrg('token');
    expect(await readToml(file)).toEqual({ org: 'token', environments: { [STAGING]: { org: 'token' } } });
  });
});

describe('changes started together', () => {
  it('all land, in the order they were started', async () => {
    await copyFixture('oauth-login.toml', file);
    const other = new CredentialsStore({ path: file, apiHost: STAGING });
    await Promise.all([
      store(DEFAULT_API_HOST).write({ token: 'T1', refreshToken: 'R1', tokenExpiresAt: 5 }),
      other.write({ token: 'S1', refreshToken: 'SR1', tokenExpiresAt: 6 }),
      store(DEFAULT_API_HOST).setOrg('org-a'),
      other.setOrg('org-b'),
      store(DEFAULT_API_HOST).clear(),
    ]);
    expect(await readToml(file)).toEqual({
      org: 'org-a',
      'test-org': {},
      'org-a': {},
      'org-b': {},
      environments: { [STAGING]: { token: 'S1', refresh_token: 'SR1', token_expires_at: 6, org: 'org-b' } },
    });
  });

  it('a failing change does not block the next one', async () => {
    const failing = store(DEFAULT_API_HOST).setOrg('');
    const next = store(DEFAULT_API_HOST).setOrg('y');
    await expect(failing).rejects.toThrow(TypeError);
    await next;
    expect(await readToml(file)).toEqual({ org: 'y', y: {} });
  });
});
