/**
 * The top-level mirror of a non-default host's credentials: the CLI (1.4.0) reads only the top
 * level, so a staging sign-in is copied there, but only while the top level is free or already
 * holds that copy, never over credentials someone else (production) keeps there.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  CredentialsStore,
  DEFAULT_API_HOST,
  type StoredCredentials,
} from '../../main/core/credentials/index.js';
import { copyFixture, readToml, STAGING, tempFileForEachTest } from './credentials-helpers.js';

const SIGN_IN = {
  token: 'STAGING-ACCESS-1',
  refreshToken: 'STAGING-REFRESH-1',
  tokenExpiresAt: 1800000000.5,
  org: 'acme-staging',
} satisfies StoredCredentials;
const REFRESHED = {
  ...SIGN_IN,
  token: 'STAGING-ACCESS-2',
  refreshToken: 'STAGING-REFRESH-2',
  tokenExpiresAt: 1800086400.25,
} satisfies StoredCredentials;
const PRODUCTION = {
  token: 'PROD-ACCESS',
  refreshToken: 'PROD-REFRESH',
  tokenExpiresAt: 1900000000.5,
  org: 'acme',
} satisfies StoredCredentials;

/** The TOML lines the store writes for `creds` (scalars in its order). */
function lines(creds: StoredCredentials): string[] {
  return [
    `token = "${creds.token}"`,
    `refresh_token = "${creds.refreshToken}"`,
    `token_expires_at = ${String(creds.tokenExpiresAt)}`,
    ...(creds.org === undefined ? [] : [`org = "${creds.org}"`]),
  ];
}
const text = (...parts: string[]) => parts.join('\n');
const STAGING_HEADER = `[environments."${STAGING}"]`;

/** The file after the CLI's production login replaced a staging mirror; `staging` is the table's lines. */
function productionOver(...staging: string[]): string {
  return text(...lines(PRODUCTION), '', '[acme-staging]', '', STAGING_HEADER, ...staging, '', '[acme]', '');
}

let file: string;
tempFileForEachTest((temp) => (file = temp.file));

const store = (apiHost: string) => new CredentialsStore({ path: file, apiHost });

describe('a non-default sign-in', () => {
  it('into an empty file writes its table and the top level', async () => {
    await store(STAGING).write(SIGN_IN);
    expect(await readFile(file, 'utf8')).toBe(
      text(...lines(SIGN_IN), '', '[acme-staging]', '', STAGING_HEADER, ...lines(SIGN_IN), ''),
    );
    expect(await store(STAGING).read()).toEqual(SIGN_IN);
  });

  it('treats an empty top-level token as free, keeping the other top-level keys it does not write', async () => {
    await writeFile(file, 'token = ""\nextra = "kept"\n');
    await store(STAGING).write(SIGN_IN);
    expect(await readToml(file)).toEqual({
      token: SIGN_IN.token,
      extra: 'kept',
      refresh_token: SIGN_IN.refreshToken,
      token_expires_at: SIGN_IN.tokenExpiresAt,
      org: SIGN_IN.org,
      'acme-staging': {},
      environments: {
        [STAGING]: {
          token: SIGN_IN.token,
          refresh_token: SIGN_IN.refreshToken,
          token_expires_at: SIGN_IN.tokenExpiresAt,
          org: SIGN_IN.org,
        },
      },
    });
  });

  it('does not replace a top-level token of another type (it is not free)', async () => {
    await writeFile(file, 'token = 5\n');
    await store(STAGING).write(SIGN_IN);
    expect(await readFile(file, 'utf8')).toBe(
      text('token = 5', '', '[acme-staging]', '', STAGING_HEADER, ...lines(SIGN_IN), ''),
    );
  });

  it('on top of the CLI`s production login leaves the top level byte-identical and writes only the table', async () => {
    const original = await copyFixture('oauth-login.toml', file);
    await store(STAGING).write(SIGN_IN);
    const after = await readFile(file, 'utf8');
    expect(after).toBe(
      text(original.trimEnd(), '', '[acme-staging]', '', STAGING_HEADER, ...lines(SIGN_IN), ''),
    );
    // The CLI's own top-level lines come first, byte for byte.
    expect(after.startsWith(original)).toBe(true);
    expect(await store(DEFAULT_API_HOST).read()).toEqual({
      token: 'eyJhbGciOiJSUzI1NiJ9.FAKE-ACCESS-TOKEN.sig',
      refreshToken: 'FAKE_REFRESH_TOKEN_abc123',
      tokenExpiresAt: 1796015765.3956273,
      org: 'test-org',
    });
  });
});

describe('a second non-default write (a refresh)', () => {
  it('updates the table and the top level it mirrors', async () => {
    await store(STAGING).write(SIGN_IN);
    expect(await store(STAGING).writeIfUnchanged(SIGN_IN, REFRESHED)).toBe(true);
    expect(await readFile(file, 'utf8')).toBe(
      text(...lines(REFRESHED), '', '[acme-staging]', '', STAGING_HEADER, ...lines(REFRESHED), ''),
    );
  });

  it('updates a mirror made after the app signed out of production, keeping org tables', async () => {
    await copyFixture('org-with-keys.toml', file);
    await store(DEFAULT_API_HOST).clear();
    const signedOut = await readToml(file);
    await store(STAGING).write({ ...SIGN_IN, org: 'second-org' });
    await store(STAGING).write({ ...REFRESHED, org: 'second-org' });
    const refreshed = {
      token: REFRESHED.token,
      refresh_token: REFRESHED.refreshToken,
      token_expires_at: REFRESHED.tokenExpiresAt,
      org: 'second-org',
    };
    expect(await readToml(file)).toEqual({
      ...signedOut,
      ...refreshed,
      environments: { [STAGING]: refreshed },
    });
  });

  it('sets the org of the top level it mirrors', async () => {
    await store(STAGING).write(SIGN_IN);
    await store(STAGING).setOrg('other');
    const after = await readToml(file);
    expect(after['org']).toBe('other');
    expect(after['other']).toEqual({});
    expect((after['environments'] as Record<string, Record<string, unknown>>)[STAGING]?.['org']).toBe(
      'other',
    );
  });
});

describe('once someone else has replaced the top level', () => {
  /** A staging mirror, then a production login over it (the default host's write, like the CLI's). */
  async function replacedByProduction(): Promise<string> {
    await store(STAGING).write(SIGN_IN);
    await store(DEFAULT_API_HOST).write(PRODUCTION);
    const replaced = await readFile(file, 'utf8');
    expect(replaced).toBe(productionOver(...lines(SIGN_IN)));
    return replaced;
  }

  it('a non-default write changes only its table', async () => {
    await replacedByProduction();
    expect(await store(STAGING).writeIfUnchanged(SIGN_IN, REFRESHED)).toBe(true);
    expect(await readFile(file, 'utf8')).toBe(productionOver(...lines(REFRESHED)));
  });

  it('a non-default setOrg changes only its table', async () => {
    await replacedByProduction();
    await store(STAGING).setOrg('acme');
    expect(await readFile(file, 'utf8')).toBe(productionOver(...lines({ ...SIGN_IN, org: 'acme' })));
  });

  it('a mirror the CLI itself refreshed is no longer the app`s to write', async () => {
    await store(STAGING).write(SIGN_IN);
    const cliRefresh = await readFile(file, 'utf8');
    await writeFile(file, cliRefresh.replace(`token = "${SIGN_IN.token}"`, 'token = "CLI-REFRESHED"'));
    await store(STAGING).write(REFRESHED);
    const after = await readToml(file);
    expect(after['token']).toBe('CLI-REFRESHED');
    expect(after['refresh_token']).toBe(SIGN_IN.refreshToken);
    expect(await store(STAGING).read()).toEqual(REFRESHED);
  });
});

describe('clear on a non-default host', () => {
  it('removes the mirror`s token keys from the top level; org and org tables stay', async () => {
    await store(STAGING).write(SIGN_IN);
    await store(STAGING).clear();
    expect(await readFile(file, 'utf8')).toBe(
      text('org = "acme-staging"', '', '[acme-staging]', '', STAGING_HEADER, 'org = "acme-staging"', ''),
    );
    expect(await store(STAGING).read()).toBeUndefined();
    expect(await store(DEFAULT_API_HOST).read()).toBeUndefined();
  });

  it('removes the mirror when it clears after a failed refresh (clearIfUnchanged)', async () => {
    await copyFixture('org-with-keys.toml', file);
    await store(DEFAULT_API_HOST).clear();
    const signedOut = await readFile(file, 'utf8');
    await store(STAGING).write({ ...SIGN_IN, org: 'test-org' });
    expect(await store(STAGING).clearIfUnchanged(SIGN_IN)).toBe(true);
    expect(await readFile(file, 'utf8')).toBe(
      text(signedOut.trimEnd(), '', STAGING_HEADER, 'org = "test-org"', ''),
    );
  });

  it('leaves production`s top-level credentials and the org tables when they are not a mirror', async () => {
    const original = await copyFixture('org-with-keys.toml', file);
    await store(STAGING).write({ ...SIGN_IN, org: 'test-org' });
    await store(STAGING).clear();
    expect(await readFile(file, 'utf8')).toBe(
      text(original.trimEnd(), '', STAGING_HEADER, 'org = "test-org"', ''),
    );
  });

  it('leaves a top level that was replaced after the mirror was made', async () => {
    await store(STAGING).write(SIGN_IN);
    await store(DEFAULT_API_HOST).write(PRODUCTION);
    await store(STAGING).clear();
    expect(await readFile(file, 'utf8')).toBe(productionOver('org = "acme-staging"'));
  });
});

describe('default-host writes (unchanged by the mirror policy)', () => {
  it('into a free top level write only the top level: no default-host copy, the staging table untouched', async () => {
    const staging = text(STAGING_HEADER, ...lines(SIGN_IN), '');
    await writeFile(file, text('org = "acme"', '', '[acme]', '', staging));
    await store(DEFAULT_API_HOST).write(PRODUCTION);
    expect(await readFile(file, 'utf8')).toBe(
      text('org = "acme"', ...lines(PRODUCTION).slice(0, 3), '', '[acme]', '', staging),
    );
  });

  it('replace a staging mirror at the top level, leaving the staging table', async () => {
    await store(STAGING).write(SIGN_IN);
    await store(DEFAULT_API_HOST).write(PRODUCTION);
    expect(await store(STAGING).read()).toEqual(SIGN_IN);
    expect(await store(DEFAULT_API_HOST).read()).toEqual(PRODUCTION);
    expect(await readToml(file)).not.toHaveProperty(['environments', DEFAULT_API_HOST]);
  });

  it('clear removes only the top-level token keys, never the staging table', async () => {
    await store(STAGING).write(SIGN_IN);
    await store(DEFAULT_API_HOST).clear();
    expect(await readFile(file, 'utf8')).toBe(
      text('org = "acme-staging"', '', '[acme-staging]', '', STAGING_HEADER, ...lines(SIGN_IN), ''),
    );
    expect(await store(STAGING).read()).toEqual(SIGN_IN);
  });
});
