import { readFile, writeFile } from 'node:fs/promises';
import type { TomlTable } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import {
  CredentialsStore,
  DEFAULT_API_HOST,
  type StoredCredentials,
} from '../../main/core/credentials/index.js';
import { copyFixture, FIXTURES, readToml, STAGING, tempFileForEachTest } from './credentials-helpers.js';

const NEW: StoredCredentials & { org: string } = {
  token: 'NEW-ACCESS',
  refreshToken: 'NEW-REFRESH',
  tokenExpiresAt: 1800000000.5,
  org: 'fresh-org',
};
const EXTRAS = `
[fresh-org]
default_public_key = "pk_kept"

[unknown-tool]
count = 3
ratio = 2.0
enabled = true
when = 1979-05-27T07:32:00Z
list = [1, 2.0, "three"]

[unknown-tool.nested]
deep = "yes"

[[unknown-tool.items]]
name = "a"

[environments."https://other.example"]
token = "OTHER"
custom = 42
`;

/** `table` as the store should leave it after writing NEW (which has an org). */
function withCredentials(table: TomlTable, creds: StoredCredentials & { org: string }): TomlTable {
  return {
    ...table,
    token: creds.token,
    refresh_token: creds.refreshToken,
    token_expires_at: creds.tokenExpiresAt,
    org: creds.org,
  };
}

let file: string;
tempFileForEachTest((temp) => (file = temp.file));

describe.each(FIXTURES)('a write into %s', (fixture) => {
  it('on the default host changes only the top-level credentials (and an existing default-host copy)', async () => {
    await copyFixture(fixture, file);
    await writeFile(file, (await readFile(file, 'utf8')) + EXTRAS);
    const before = await readToml(file);

    await new CredentialsStore({ path: file, apiHost: DEFAULT_API_HOST }).write(NEW);

    const after = await readToml(file);
    const expected = withCredentials(before, NEW);
    const environments = before['environments'] as Record<string, TomlTable>;
    if (environments[DEFAULT_API_HOST]) {
      expected['environments'] = {
        ...environments,
        [DEFAULT_API_HOST]: withCredentials(environments[DEFAULT_API_HOST], NEW),
      };
    }
    expect(after).toEqual(expected);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(await new CredentialsStore({ path: file, apiHost: DEFAULT_API_HOST }).read()).toEqual(NEW);
  });

  it('on a non-default host changes only its environments table', async () => {
    await copyFixture(fixture, file);
    await writeFile(file, (await readFile(file, 'utf8')) + EXTRAS);
    const before = await readToml(file);

    await new CredentialsStore({ path: file, apiHost: STAGING }).write(NEW);

    const after = await readToml(file);
    const environments = before['environments'] as Record<string, TomlTable>;
    const expected: TomlTable = {
      ...before,
      environments: { ...environments, [STAGING]: withCredentials(environments[STAGING] ?? {}, NEW) },
    };
    expect(after).toEqual(expected);
    for (const key of ['token', 'refresh_token', 'token_expires_at', 'org'])
      expect(after[key]).toEqual(before[key]);
    expect(await new CredentialsStore({ path: file, apiHost: STAGING }).read()).toEqual(NEW);
  });

  it('writing back what it holds leaves the file byte for byte', async () => {
    const original = await copyFixture(fixture, file);
    for (const apiHost of [DEFAULT_API_HOST, STAGING]) {
      const store = new CredentialsStore({ path: file, apiHost });
      const current = await store.read();
      if (current) await store.write(current);
    }
    expect(await readFile(file, 'utf8')).toBe(original);
  });
});

describe('the environments layout', () => {
  it('reads each host from its own place in the CLI fixture', async () => {
    await copyFixture('environments.toml', file);
    expect(await new CredentialsStore({ path: file, apiHost: DEFAULT_API_HOST }).read()).toEqual({
      token: 'eyJhbGciOiJSUzI1NiJ9.FAKE-PROD-ACCESS.sig',
      refreshToken: 'FAKE_PROD_REFRESH_1',
      tokenExpiresAt: 1796015765.3956273,
      org: 'acme',
    });
    expect(await new CredentialsStore({ path: file, apiHost: `${STAGING}/` }).read()).toEqual({
      token: 'eyJhbGciOiJSUzI1NiJ9.FAKE-STAGING-ACCESS.sig',
      refreshToken: 'FAKE_STAGING_REFRESH_1',
      tokenExpiresAt: 1796019999.25,
      org: 'acme-staging',
    });
  });

  it('never falls back to the top level for a non-default host', async () => {
    await copyFixture('oauth-login.toml', file);
    expect(await new CredentialsStore({ path: file, apiHost: STAGING }).read()).toBeUndefined();
  });

  it('a first non-default sign-in writes its table, the org table and a mirror at the free top level', async () => {
    await new CredentialsStore({ path: file, apiHost: STAGING }).write({ ...NEW, org: 'acme-staging' });
    expect(await readFile(file, 'utf8')).toBe(
      [
        'token = "NEW-ACCESS"',
        'refresh_token = "NEW-REFRESH"',
        'token_expires_at = 1800000000.5',
        'org = "acme-staging"',
        '',
        '[acme-staging]',
        '',
        `[environments."${STAGING}"]`,
        'token = "NEW-ACCESS"',
        'refresh_token = "NEW-REFRESH"',
        'token_expires_at = 1800000000.5',
        'org = "acme-staging"',
        '',
      ].join('\n'),
    );
    // The mirror is what the CLI (and so the default host) reads.
    expect(await new CredentialsStore({ path: file, apiHost: DEFAULT_API_HOST }).read()).toEqual({
      ...NEW,
      org: 'acme-staging',
    });
  });

  it('does not create a default-host copy in a file that has none', async () => {
    await copyFixture('org-with-keys.toml', file);
    await new CredentialsStore({ path: file, apiHost: DEFAULT_API_HOST }).write(NEW);
    expect(await readToml(file)).not.toHaveProperty('environments');
  });

  it('reuses a table whose key is another spelling of the same host', async () => {
    await writeFile(file, `[environments."${STAGING}/"]\ntoken = "OLD"\nkept = 1\n`);
    const store = new CredentialsStore({ path: file, apiHost: STAGING });
    expect((await store.read())?.token).toBe('OLD');
    await store.write(NEW);
    expect(await readToml(file)).toEqual({
      token: 'NEW-ACCESS',
      refresh_token: 'NEW-REFRESH',
      token_expires_at: 1800000000.5,
      org: 'fresh-org',
      'fresh-org': {},
      environments: {
        [`${STAGING}/`]: {
          token: 'NEW-ACCESS',
          refresh_token: 'NEW-REFRESH',
          token_expires_at: 1800000000.5,
          kept: 1n,
          org: 'fresh-org',
        },
      },
    });
  });
});

describe('token_expires_at', () => {
  it('stays a float when the value is integral', async () => {
    const store = new CredentialsStore({ path: file, apiHost: DEFAULT_API_HOST });
    await store.write({ token: 't', refreshToken: 'r', tokenExpiresAt: 1796015765 });
    expect(await readFile(file, 'utf8')).toContain('\ntoken_expires_at = 1796015765.0\n');
    expect((await store.read())?.tokenExpiresAt).toBe(1796015765);
  });

  it('keeps its full precision', async () => {
    const store = new CredentialsStore({ path: file, apiHost: STAGING });
    await store.write({ token: 't', refreshToken: 'r', tokenExpiresAt: 1796015765.3956273 });
    expect(await readFile(file, 'utf8')).toContain('\ntoken_expires_at = 1796015765.3956273\n');
  });

  it('is the integer 0 for a personal access token, as the CLI writes it', async () => {
    await copyFixture('oauth-login.toml', file);
    const store = new CredentialsStore({ path: file, apiHost: DEFAULT_API_HOST });
    await store.write({ token: 'pcc_pat_X', refreshToken: '', tokenExpiresAt: 0 });
    expect(await readFile(file, 'utf8')).toContain('\nrefresh_token = ""\ntoken_expires_at = 0\n');
    expect(await store.read()).toEqual({
      token: 'pcc_pat_X',
      refreshToken: '',
      tokenExpiresAt: 0,
      org: 'test-org',
    });
  });
});

describe('read', () => {
  it('is undefined when the file does not exist', async () => {
    expect(await new CredentialsStore({ path: file, apiHost: DEFAULT_API_HOST }).read()).toBeUndefined();
  });

  it('is undefined when the host has no token', async () => {
    await writeFile(file, 'org = "acme"\n\n[acme]\n');
    expect(await new CredentialsStore({ path: file, apiHost: DEFAULT_API_HOST }).read()).toBeUndefined();
  });

  it('treats a missing refresh token and expiry as empty (older files)', async () => {
    await writeFile(file, 'token = "legacy"\n');
    expect(await new CredentialsStore({ path: file, apiHost: DEFAULT_API_HOST }).read()).toEqual({
      token: 'legacy',
      refreshToken: '',
      tokenExpiresAt: 0,
    });
  });

  it('rejects a credential of the wrong type, naming the file and the key', async () => {
    await writeFile(file, `[environments."${STAGING}"]\ntoken = "t"\ntoken_expires_at = "soon"\n`);
    await expect(new CredentialsStore({ path: file, apiHost: STAGING }).read()).rejects.toMatchObject({
      code: 'credentials_invalid',
      message: `${file} cannot be used: "token_expires_at" in [environments."${STAGING}"] is not a number.`,
    });
  });
});
