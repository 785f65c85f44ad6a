/**
 * Files written by the store must load in Python: `tomllib` (python3 >= 3.11, always run here) and,
 * when TRAY_TEST_CLI_PYTHON names a Python with `pipecatcloud` installed, the real CLI's own loader
 * (`toml` 0.10 plus its start-up checks) and its writer, which must keep the app's tables.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TomlTable, TomlValue } from 'smol-toml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CredentialsStore,
  DEFAULT_API_HOST,
  type StoredCredentials,
} from '../../main/core/credentials/index.js';
import { copyFixture, FIXTURES, makeTempDir, readToml, STAGING } from '../unit/credentials-helpers.js';

const run = promisify(execFile);
const TOMLLIB = 'import tomllib,sys,json; print(json.dumps(tomllib.load(open(sys.argv[1],"rb"))))';
const CLI_PYTHON = process.env['TRAY_TEST_CLI_PYTHON'];

const OAUTH: StoredCredentials = {
  token: 'NEW-ACCESS',
  refreshToken: 'NEW-REFRESH',
  tokenExpiresAt: 1800000000,
  org: 'new-org',
};
const PAT: StoredCredentials = { token: 'pcc_pat_NEW', refreshToken: '', tokenExpiresAt: 0 };

async function tomllib(file: string): Promise<{ raw: string; data: Record<string, unknown> }> {
  const { stdout } = await run('python3', ['-c', TOMLLIB, file]);
  return { raw: stdout, data: JSON.parse(stdout) as Record<string, unknown> };
}

/** What Python's json.dumps makes of a parsed document (bigints become plain numbers). */
function asJson(value: TomlValue | TomlTable): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(asJson);
  if (typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asJson(v)]));
  }
  return value;
}

let dir: string;
let file: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  file = path.join(dir, 'pipecatcloud.toml');
});
afterEach(() => cleanup());

describe.each([
  ['the default host', DEFAULT_API_HOST],
  ['staging', STAGING],
])('tomllib reads what the store wrote for %s', (_label, apiHost) => {
  it.each(FIXTURES)('into %s', async (fixture) => {
    await copyFixture(fixture, file);
    await writeFile(
      file,
      `${await readFile(file, 'utf8')}\n[unknown-tool]\ncount = 3\nratio = 2.0\nlist = [1, "a"]\n`,
    );
    await new CredentialsStore({ path: file, apiHost }).write(OAUTH);

    const { raw, data } = await tomllib(file);
    expect(data).toEqual(asJson(await readToml(file)));
    const section =
      apiHost === DEFAULT_API_HOST
        ? data
        : ((data['environments'] as Record<string, Record<string, unknown>>)[STAGING] ?? {});
    expect(section).toMatchObject({
      token: 'NEW-ACCESS',
      refresh_token: 'NEW-REFRESH',
      token_expires_at: 1800000000,
      org: 'new-org',
    });
    // json.dumps prints a float as 1800000000.0 and an int as 1800000000.
    expect(raw).toContain('"token_expires_at": 1800000000.0');
    expect(raw).toContain('"ratio": 2.0');
    expect(raw).toContain('"count": 3,');
    expect(data['new-org']).toEqual({});
  });
});

describe('tomllib and a personal access token', () => {
  it('sees token_expires_at as the integer 0', async () => {
    await copyFixture('oauth-login.toml', file);
    await new CredentialsStore({ path: file, apiHost: DEFAULT_API_HOST }).write(PAT);
    const { raw, data } = await tomllib(file);
    expect(data).toMatchObject({
      token: 'pcc_pat_NEW',
      refresh_token: '',
      token_expires_at: 0,
      org: 'test-org',
    });
    expect(raw).toContain('"token_expires_at": 0,');
  });
});

describe.skipIf(!CLI_PYTHON)('the real CLI (TRAY_TEST_CLI_PYTHON)', () => {
  const cli = async (script: string, apiHost: string) => {
    const env = { ...process.env, PIPECAT_CONFIG_PATH: file, PIPECAT_API_HOST: apiHost };
    const { stdout } = await run(CLI_PYTHON ?? 'python3', ['-c', script], { env });
    return JSON.parse(stdout) as Record<string, unknown>;
  };
  const SHOW =
    'import json; from pipecatcloud.cli.config import config as c; ' +
    'print(json.dumps({k: c.get(k) for k in ("token", "refresh_token", "token_expires_at", "org")}))';

  it('loads a file the store wrote for both hosts and reads the top level', async () => {
    await copyFixture('org-with-keys.toml', file);
    await new CredentialsStore({ path: file, apiHost: DEFAULT_API_HOST }).write(OAUTH);
    await new CredentialsStore({ path: file, apiHost: STAGING }).write({ ...OAUTH, token: 'STAGING' });
    expect(await cli(SHOW, STAGING)).toEqual({
      token: 'NEW-ACCESS',
      refresh_token: 'NEW-REFRESH',
      token_expires_at: 1800000000,
      org: 'new-org',
    });
  });

  it('keeps the app`s staging table when it writes the file itself', async () => {
    await copyFixture('oauth-login.toml', file);
    await new CredentialsStore({ path: file, apiHost: STAGING }).write(OAUTH);
    await cli(
      'import json; from pipecatcloud.cli.config import update_user_config as u; ' +
        'u(token="CLI", refresh_token="CLI-R", token_expires_at=1900000000.0); print("{}")',
      DEFAULT_API_HOST,
    );
    expect(await new CredentialsStore({ path: file, apiHost: STAGING }).read()).toEqual(OAUTH);
    expect(await new CredentialsStore({ path: file, apiHost: DEFAULT_API_HOST }).read()).toMatchObject({
      token: 'CLI',
      tokenExpiresAt: 1900000000,
    });
  });
});
