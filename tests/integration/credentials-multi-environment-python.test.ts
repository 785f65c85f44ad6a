/**
 * The app and the CLI's multi-environment layout share one table per PIPECAT_API_HOST, checked
 * with that layout's own Python code (tests/support/multi_environment_cli.py). Its reading needs
 * only python3's `tomllib` and always runs; its writing needs the CLI's `toml` 0.10, so it runs
 * when TRAY_TEST_CLI_PYTHON names a Python with `pipecatcloud` (and so `toml`) installed.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  CredentialsStore,
  DEFAULT_API_HOST,
  type StoredCredentials,
} from '../../main/core/credentials/index.js';
import {
  copyFixture,
  MULTI_ENVIRONMENT_FIXTURE,
  readToml,
  STAGING,
  tempFileForEachTest,
} from '../unit/credentials-helpers.js';

const run = promisify(execFile);
const LAYOUT = path.resolve(import.meta.dirname, '../support/multi_environment_cli.py');
const CLI_PYTHON = process.env['TRAY_TEST_CLI_PYTHON'];
const TOMLLIB = 'import tomllib,sys,json; print(json.dumps(tomllib.load(open(sys.argv[1],"rb"))))';

/** PIPECAT_API_HOST as the fixture's CLI runs had it. */
const STAGING_AS_SET = 'https://staging.qa.pipecat.cloud/';
const CUSTOM_AS_SET = 'https://Pipecat.Example.com:443';

const REFRESHED: StoredCredentials = {
  token: 'APP-REFRESHED-ACCESS',
  refreshToken: 'APP-REFRESHED-REFRESH',
  tokenExpiresAt: 1800086400.25,
};

/** What the layout's CLI would use, as its `resolve` prints it. */
interface Resolved {
  token: string | null;
  refresh_token: string | null;
  token_expires_at: number | null;
  org: string | null;
}

let file: string;
tempFileForEachTest((temp) => (file = temp.file));

/** Runs the layout's CLI code with PIPECAT_API_HOST as given (undefined: unset). */
async function layout(python: string, apiHost: string | undefined, ...args: string[]): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, PIPECAT_CONFIG_PATH: file };
  delete env['PIPECAT_API_HOST'];
  if (apiHost !== undefined) env['PIPECAT_API_HOST'] = apiHost;
  const { stdout } = await run(python, [LAYOUT, ...args], { env });
  return stdout;
}

async function resolvedFor(apiHost: string | undefined, python = 'python3'): Promise<Resolved> {
  return JSON.parse(await layout(python, apiHost, 'resolve')) as Resolved;
}

const asResolved = (creds: StoredCredentials): Resolved => ({
  token: creds.token,
  refresh_token: creds.refreshToken,
  token_expires_at: creds.tokenExpiresAt,
  org: creds.org ?? null,
});

const store = (apiHost: string, cliApiHost?: string) =>
  new CredentialsStore({ path: file, apiHost, cliApiHost });

async function credentialsOf(hostStore: CredentialsStore): Promise<StoredCredentials> {
  const creds = await hostStore.read();
  if (!creds) throw new Error(`no credentials for ${hostStore.apiHost}`);
  return creds;
}

describe('the layout`s CLI reads what the app wrote (tomllib)', () => {
  it('for each PIPECAT_API_HOST, the table the app read and refreshed for it', async () => {
    await copyFixture(MULTI_ENVIRONMENT_FIXTURE, file);
    const staging = store(STAGING, STAGING_AS_SET);
    const production = store(DEFAULT_API_HOST);
    const custom = store('https://pipecat.example.com', CUSTOM_AS_SET);
    for (const [apiHost, hostStore] of [
      [STAGING_AS_SET, staging],
      [undefined, production],
      [CUSTOM_AS_SET, custom],
    ] as const) {
      expect(await resolvedFor(apiHost), String(apiHost)).toEqual(asResolved(await credentialsOf(hostStore)));
    }
    const customPat = await credentialsOf(custom);

    expect(await staging.writeIfUnchanged(await credentialsOf(staging), REFRESHED)).toBe(true);
    expect(await resolvedFor(STAGING_AS_SET)).toEqual(asResolved({ ...REFRESHED, org: 'acme-staging' }));

    expect(await production.writeIfUnchanged(await credentialsOf(production), REFRESHED)).toBe(true);
    expect(await resolvedFor(undefined)).toEqual(asResolved({ ...REFRESHED, org: 'acme' }));
    // The custom host's PAT was left alone.
    expect(await resolvedFor(CUSTOM_AS_SET)).toEqual(asResolved(customPat));

    const { stdout } = await run('python3', ['-c', TOMLLIB, file]);
    expect(JSON.parse(stdout)).toEqual(
      JSON.parse(
        JSON.stringify(await readToml(file), (_key, value: unknown) =>
          typeof value === 'bigint' ? Number(value) : value,
        ),
      ),
    );
  });

  it('after the app moved its earlier table to the CLI`s key', async () => {
    await writeFile(
      file,
      [
        'token = "PROD"',
        'refresh_token = "PROD-REFRESH"',
        'token_expires_at = 1796000000.5',
        'org = "acme"',
        '',
        `[environments."${STAGING}"]`,
        'token = "APP"',
        'refresh_token = "APP-REFRESH"',
        'token_expires_at = 1796000000.5',
        'org = "acme-staging"',
        '',
      ].join('\n'),
    );
    // Before: no table under its PIPECAT_API_HOST, so the CLI falls back to the top level.
    expect((await resolvedFor(STAGING_AS_SET)).token).toBe('PROD');

    await store(STAGING, STAGING_AS_SET).write({ ...REFRESHED, org: 'acme-staging' });
    expect(await resolvedFor(STAGING_AS_SET)).toEqual(asResolved({ ...REFRESHED, org: 'acme-staging' }));
  });
});

describe.skipIf(!CLI_PYTHON)('the app reads what the layout`s CLI wrote (toml, TRAY_TEST_CLI_PYTHON)', () => {
  const python = CLI_PYTHON ?? 'python3';
  const update = (apiHost: string | undefined, kwargs: Record<string, unknown>) =>
    layout(python, apiHost, 'update', JSON.stringify(kwargs));

  it('its refresh, login and logout of one host, in the table the app uses for the same host', async () => {
    await copyFixture(MULTI_ENVIRONMENT_FIXTURE, file);
    const staging = store(STAGING, STAGING_AS_SET);
    await staging.write({ ...REFRESHED, org: 'acme-staging' });

    // The CLI refreshes the session the app wrote: the app reads the CLI's new tokens.
    await update(STAGING_AS_SET, {
      token: 'CLI-ACCESS',
      refresh_token: 'CLI-REFRESH',
      token_expires_at: 1800090000.5,
    });
    expect(await staging.read()).toEqual({
      token: 'CLI-ACCESS',
      refreshToken: 'CLI-REFRESH',
      tokenExpiresAt: 1800090000.5,
      org: 'acme-staging',
    });
    expect(await resolvedFor(STAGING_AS_SET, python)).toEqual(asResolved(await credentialsOf(staging)));

    // A production login by the CLI is the app's default host, top level and table alike.
    await update(undefined, {
      token: 'CLI-PROD',
      active_org: 'acme',
      refresh_token: 'CLI-PROD-R',
      token_expires_at: 1800000000.0,
    });
    expect(await store(DEFAULT_API_HOST).read()).toEqual({
      token: 'CLI-PROD',
      refreshToken: 'CLI-PROD-R',
      tokenExpiresAt: 1800000000,
      org: 'acme',
    });

    // Its logout of staging removes the table both use; production and the org tables stay.
    await layout(python, STAGING_AS_SET, 'remove');
    expect(await staging.read()).toBeUndefined();
    expect((await store(DEFAULT_API_HOST).read())?.token).toBe('CLI-PROD');
    expect(await readFile(file, 'utf8')).toContain('[acme]\ndefault_public_key = "pk_FAKE_acme_0001"\n');
  });
});
