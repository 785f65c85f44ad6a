/**
 * The CLI's multi-environment layout (unreleased; docs/cli-credentials-behaviour.md) keys each
 * host's table by PIPECAT_API_HOST exactly as set. Told that string, the store reads and updates
 * that very table, so the app and such a CLI share one table per host; it leaves every other
 * table, the org tables and production's top level as they were.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  CredentialsStore,
  DEFAULT_API_HOST,
  type StoredCredentials,
} from '../../main/core/credentials/index.js';
import { parseToml, stringifyToml } from '../../main/core/credentials/toml-codec.js';
import {
  copyFixture,
  MULTI_ENVIRONMENT_FIXTURE,
  readToml,
  STAGING,
  tempFileForEachTest,
} from './credentials-helpers.js';

/** PIPECAT_API_HOST as the fixture's CLI runs had it. */
const STAGING_AS_SET = 'https://staging.qa.pipecat.cloud/';
const CUSTOM_AS_SET = 'https://Pipecat.Example.com:443';
const CUSTOM = 'https://pipecat.example.com';

const PRODUCTION = {
  token: 'eyJhbGciOiJSUzI1NiJ9.FAKE-PROD-ACCESS.sig',
  refreshToken: 'FAKE_PROD_REFRESH_1',
  tokenExpiresAt: 1796015765.3956273,
  org: 'acme',
} satisfies StoredCredentials;
const STAGING_SESSION = {
  token: 'eyJhbGciOiJSUzI1NiJ9.FAKE-STAGING-ACCESS.sig',
  refreshToken: 'FAKE_STAGING_REFRESH_1',
  tokenExpiresAt: 1796019999.25,
  org: 'acme-staging',
} satisfies StoredCredentials;
const CUSTOM_PAT = {
  token: 'pcc_pat_FAKECUSTOMHOST0123456789',
  refreshToken: '',
  tokenExpiresAt: 0,
  org: 'acme',
} satisfies StoredCredentials;
const REFRESHED = {
  token: 'REFRESHED-ACCESS',
  refreshToken: 'REFRESHED-REFRESH',
  tokenExpiresAt: 1800086400.25,
} satisfies StoredCredentials;

/** The lines of a table (or of the top level, `key` undefined) as the CLI and the store write them. */
function block(key: string | undefined, creds: StoredCredentials): string {
  return [
    ...(key === undefined ? [] : [`[environments."${key}"]`]),
    `token = "${creds.token}"`,
    `refresh_token = "${creds.refreshToken}"`,
    `token_expires_at = ${String(creds.tokenExpiresAt)}`,
    ...(creds.org === undefined ? [] : [`org = "${creds.org}"`]),
    '',
  ].join('\n');
}

/** `text` with exactly one occurrence of `before` replaced; fails when there is not exactly one. */
function replaceOnce(text: string, before: string, after: string): string {
  expect(text.split(before)).toHaveLength(2);
  return text.replace(before, after);
}

let file: string;
let original: string;
tempFileForEachTest((temp) => (file = temp.file));

async function useFixture(): Promise<void> {
  original = await copyFixture(MULTI_ENVIRONMENT_FIXTURE, file);
}

const store = (apiHost: string, cliApiHost?: string) =>
  new CredentialsStore({ path: file, apiHost, cliApiHost });

describe('the fixture the multi-environment CLI wrote', () => {
  it('parses and is written back byte for byte by the app`s TOML codec', () => {
    return useFixture().then(() => expect(stringifyToml(parseToml(original, file))).toBe(original));
  });

  it('gives each PIPECAT_API_HOST the table the CLI keyed by that exact string', async () => {
    await useFixture();
    expect(await store(STAGING, STAGING_AS_SET).read()).toEqual(STAGING_SESSION);
    expect(await store(CUSTOM, CUSTOM_AS_SET).read()).toEqual(CUSTOM_PAT);
    expect(await store(DEFAULT_API_HOST).read()).toEqual(PRODUCTION);
    expect(await store(DEFAULT_API_HOST, DEFAULT_API_HOST).read()).toEqual(PRODUCTION);
  });

  it('finds a host picked without PIPECAT_API_HOST under the CLI`s spelling too', async () => {
    await useFixture();
    expect(await store(STAGING).read()).toEqual(STAGING_SESSION);
    expect(await store(`${CUSTOM}/`).read()).toEqual(CUSTOM_PAT);
  });
});

describe('updating the fixture for staging, PIPECAT_API_HOST as the CLI has it', () => {
  it('a refresh changes only that table: production`s top level, its table, the custom host and the org tables stay byte for byte', async () => {
    await useFixture();
    expect(await store(STAGING, STAGING_AS_SET).writeIfUnchanged(STAGING_SESSION, REFRESHED)).toBe(true);
    expect(await readFile(file, 'utf8')).toBe(
      replaceOnce(
        original,
        block(STAGING_AS_SET, STAGING_SESSION),
        block(STAGING_AS_SET, { ...REFRESHED, org: STAGING_SESSION.org }),
      ),
    );
    expect(await store(STAGING, STAGING_AS_SET).read()).toEqual({ ...REFRESHED, org: STAGING_SESSION.org });
    expect(await store(DEFAULT_API_HOST).read()).toEqual(PRODUCTION);
  });

  it('a sign-in with a new org adds its org table and changes nothing else', async () => {
    await useFixture();
    await store(STAGING, STAGING_AS_SET).write({ ...REFRESHED, org: 'new-org' });
    const after = await readToml(file);
    const before = parseToml(original, file);
    expect(after).toEqual({
      ...before,
      'new-org': {},
      environments: {
        ...(before['environments'] as object),
        [STAGING_AS_SET]: {
          token: REFRESHED.token,
          refresh_token: REFRESHED.refreshToken,
          token_expires_at: REFRESHED.tokenExpiresAt,
          org: 'new-org',
        },
      },
    });
  });

  it('signing out removes that table`s tokens only', async () => {
    await useFixture();
    await store(STAGING, STAGING_AS_SET).clear();
    expect(await readFile(file, 'utf8')).toBe(
      replaceOnce(
        original,
        block(STAGING_AS_SET, STAGING_SESSION),
        `[environments."${STAGING_AS_SET}"]\norg = "acme-staging"\n`,
      ),
    );
    expect(await store(STAGING, STAGING_AS_SET).read()).toBeUndefined();
    expect(await store(CUSTOM, CUSTOM_AS_SET).read()).toEqual(CUSTOM_PAT);
  });
});

describe('updating the fixture for the default host', () => {
  it('a refresh writes the top level and the CLI`s default-host table alike, nothing else', async () => {
    await useFixture();
    expect(await store(DEFAULT_API_HOST).writeIfUnchanged(PRODUCTION, REFRESHED)).toBe(true);
    const fresh = { ...REFRESHED, org: PRODUCTION.org };
    // The top level opens the file; the same lines follow again under the default host's header.
    expect(original.startsWith(block(undefined, PRODUCTION))).toBe(true);
    const topLevelRefreshed = block(undefined, fresh) + original.slice(block(undefined, PRODUCTION).length);
    expect(await readFile(file, 'utf8')).toBe(
      replaceOnce(topLevelRefreshed, block(DEFAULT_API_HOST, PRODUCTION), block(DEFAULT_API_HOST, fresh)),
    );
  });
});

describe('tables the app wrote before, under the normalised host', () => {
  const APP_TABLE = [
    `[environments."${STAGING}"]`,
    'token = "APP-ACCESS"',
    'refresh_token = "APP-REFRESH"',
    'token_expires_at = 1796000000.5',
    'org = "acme-staging"',
    'note = "kept"',
    '',
  ].join('\n');
  const APP_SESSION = {
    token: 'APP-ACCESS',
    refreshToken: 'APP-REFRESH',
    tokenExpiresAt: 1796000000.5,
    org: 'acme-staging',
  };

  it('are read, and moved whole under the CLI`s key by the next write', async () => {
    await writeFile(file, `token = "PROD"\n\n${APP_TABLE}`);
    const staging = store(STAGING, STAGING_AS_SET);
    expect(await staging.read()).toEqual(APP_SESSION);

    expect(await staging.writeIfUnchanged(APP_SESSION, REFRESHED)).toBe(true);
    expect(await readToml(file)).toEqual({
      token: 'PROD',
      environments: {
        [STAGING_AS_SET]: {
          token: REFRESHED.token,
          refresh_token: REFRESHED.refreshToken,
          token_expires_at: REFRESHED.tokenExpiresAt,
          org: 'acme-staging',
          note: 'kept',
        },
      },
    });
    expect(await staging.read()).toEqual({ ...REFRESHED, org: 'acme-staging' });
    // Without PIPECAT_API_HOST the app now finds the moved table under the CLI's spelling.
    expect(await store(STAGING).read()).toEqual({ ...REFRESHED, org: 'acme-staging' });
  });

  it('stay where they are when the CLI keeps its own table for that spelling', async () => {
    await useFixture();
    await writeFile(file, `${original}\n${APP_TABLE}`);
    const staging = store(STAGING, STAGING_AS_SET);
    expect(await staging.read()).toEqual(STAGING_SESSION);
    await staging.write(REFRESHED);
    const environments = (await readToml(file))['environments'] as Record<string, Record<string, unknown>>;
    expect(environments[STAGING_AS_SET]).toMatchObject({ token: REFRESHED.token });
    expect(environments[STAGING]).toEqual({
      token: 'APP-ACCESS',
      refresh_token: 'APP-REFRESH',
      token_expires_at: 1796000000.5,
      org: 'acme-staging',
      note: 'kept',
    });
  });

  it('are not moved when PIPECAT_API_HOST names another host', async () => {
    await writeFile(file, APP_TABLE);
    await store(STAGING, DEFAULT_API_HOST).write(REFRESHED);
    expect(Object.keys((await readToml(file))['environments'] as object)).toEqual([STAGING]);
  });
});

describe('a top-level copy the app made, once the CLI refreshed the table itself', () => {
  it('is the app`s stale copy, never taken (nor shown to the host) as the CLI`s newer write', async () => {
    const asked: string[] = [];
    const staging = new CredentialsStore({
      path: file,
      apiHost: STAGING,
      cliApiHost: STAGING_AS_SET,
      checkTopLevelToken: async (token) => {
        asked.push(token);
        return true;
      },
    });
    const signIn = { ...STAGING_SESSION, token: 'APP-COPY', refreshToken: 'APP-COPY-REFRESH' };
    await staging.write(signIn);
    expect((await readToml(file))['token']).toBe('APP-COPY');

    // The multi-environment CLI refreshes the staging table and leaves the top level alone.
    await writeFile(
      file,
      replaceOnce(
        await readFile(file, 'utf8'),
        block(STAGING_AS_SET, signIn),
        block(STAGING_AS_SET, { ...REFRESHED, org: signIn.org }),
      ),
    );
    expect(await staging.read()).toEqual({ ...REFRESHED, org: signIn.org });
    expect(asked).toEqual([]);
  });
});
