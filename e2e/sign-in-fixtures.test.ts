/**
 * (A) Every credentials file the real CLI wrote (tests/fixtures/cli) survives a real sign-in on
 * top of it, against the sandbox (a non-default API host): the sandbox's credentials go into
 * `[environments."<sandbox host>"]`, and everything else (org tables, unknown keys, other hosts'
 * tables and the top-level credentials, which belong to someone else) stays as it was.
 *
 * The default host's layout (credentials at the top level) cannot be signed in to here: the
 * sandbox is not https://api.pipecat.daily.co. The store tests cover it on the same fixtures
 * (tests/unit/credentials-store-merge.test.ts, tests/integration/credentials-python.test.ts).
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_API_HOST, normalizeApiHost, sameSession } from '../main/core/credentials/index.js';
import type { SignInResult } from '../main/core/sign-in/sign-in.js';
import { FIXTURES, copyFixture, parseToml } from '../tests/unit/credentials-helpers.js';
import { completeLoginOverHttp } from '../sandbox/index.js';
import { loadWithPythonTomllib } from './support/python-toml.js';
import {
  deliverCallback,
  settle,
  startSignInHarness,
  type SignInHarness,
} from './support/sign-in-harness.js';

const CLI_SCALARS = new Set(['token', 'refresh_token', 'token_expires_at', 'org']);
const ONE_DAY = 86_400;

let h: SignInHarness;
let sandboxKey: string;

beforeAll(async () => {
  h = await startSignInHarness();
  sandboxKey = normalizeApiHost(h.sandbox.apiHost);
});

afterEach(async () => {
  await h.endAllFlows();
});

afterAll(async () => {
  await h?.close();
});

/** A whole sign-in on `configPath`, the browser's part played over HTTP; returns the result. */
async function signInOn(configPath: string): Promise<SignInResult> {
  const flow = h.startSignIn({ configPath });
  const callback = await completeLoginOverHttp(await flow.authorizeUrl, h.sandbox.account, {
    ca: h.sandbox.caPem,
  });
  const { result } = await deliverCallback(callback);
  expect(result?.status).toBe(200);
  const outcome = await settle(flow.result);
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/** The `key = value` line of a top-level key, or undefined (compared, never printed). */
function topLevelLine(text: string, key: string): string | undefined {
  const firstTable = text.search(/^\[/m);
  const head = firstTable === -1 ? text : text.slice(0, firstTable);
  return new RegExp(`^${key} = .*$`, 'm').exec(head)?.[0];
}

type Doc = Record<string, unknown>;

function asTable(value: unknown): Doc {
  expect(typeof value === 'object' && value !== null && !Array.isArray(value)).toBe(true);
  return value as Doc;
}

/**
 * What must hold after a sign-in to the sandbox on top of `before` (text of the file before):
 * every key as it was (compared without printing values), the sandbox table written, nothing else.
 */
async function expectSurvived(configPath: string, before: string, result: SignInResult): Promise<void> {
  const after = await readFile(configPath, 'utf8');
  const was = parseToml(before) as Doc;
  const now = parseToml(after) as Doc;

  for (const [key, value] of Object.entries(was)) {
    if (key === 'environments') continue;
    expect(isDeepStrictEqual(now[key], value), `top-level ${key} changed`).toBe(true);
  }
  // The top level is someone else's (production): byte-identical lines, not just equal values.
  for (const key of CLI_SCALARS) {
    expect(topLevelLine(after, key) === topLevelLine(before, key), `the line of ${key} changed`).toBe(true);
  }
  const added = Object.keys(now).filter((key) => !Object.hasOwn(was, key));
  for (const key of added) {
    if (key === 'environments') continue;
    // The active org's empty table, as the CLI adds it.
    expect(key).toBe(result.account.activeOrg?.name);
    expect(now[key]).toEqual({});
  }
  for (const [key, value] of Object.entries(now)) {
    if (!CLI_SCALARS.has(key)) {
      expect(typeof value === 'object' && value !== null, `top-level ${key} is not a table`).toBe(true);
    }
  }

  const environments = asTable(now['environments']);
  const environmentsWere = was['environments'] === undefined ? {} : asTable(was['environments']);
  for (const [host, table] of Object.entries(environmentsWere)) {
    expect(isDeepStrictEqual(environments[host], table), `[environments."${host}"] changed`).toBe(true);
  }
  expect(Object.keys(environments).sort()).toEqual([...Object.keys(environmentsWere), sandboxKey].sort());

  const mine = asTable(environments[sandboxKey]);
  expect(Object.keys(mine).sort()).toEqual(['org', 'refresh_token', 'token', 'token_expires_at']);
  expect(mine['token'] === result.tokens.accessToken).toBe(true);
  expect(mine['refresh_token'] === result.tokens.refreshToken).toBe(true);
  const issued = new Set(h.sandbox.secretsSeen());
  expect(issued.has(String(mine['token']))).toBe(true);
  expect(issued.has(String(mine['refresh_token']))).toBe(true);
  expect(mine['org']).toBe('acme');
  const expiresAt = mine['token_expires_at'];
  expect(typeof expiresAt).toBe('number');
  const inOneDay = Date.now() / 1000 + ONE_DAY;
  expect(Math.abs((expiresAt as number) - inOneDay)).toBeLessThan(120);

  // The app's own view agrees, for both hosts.
  const sandboxCreds = await h.store(configPath).read();
  expect(sandboxCreds?.token === result.tokens.accessToken).toBe(true);
  const wasDefault = await readDefaultHost(before, configPath);
  const nowDefault = await h.store(configPath, DEFAULT_API_HOST).read();
  expect(sameSession(nowDefault, wasDefault)).toBe(true);
  expect(nowDefault?.org).toBe(wasDefault?.org);

  expect((await stat(configPath)).mode & 0o777).toBe(0o600);
  // The CLI's own kind of parser reads it too.
  const python = await loadWithPythonTomllib(configPath);
  expect(Object.keys(python).sort()).toEqual(Object.keys(now).sort());
}

/** The default host's credentials as the store reads them from `text` (a scratch copy). */
async function readDefaultHost(text: string, configPath: string) {
  const scratch = `${configPath}.before`;
  await writeFile(scratch, text, { mode: 0o600 });
  return h.store(scratch, DEFAULT_API_HOST).read();
}

describe('a sign-in to the sandbox host on top of the CLI fixtures (A)', () => {
  it.each(FIXTURES)('%s survives', async (name) => {
    const folder = path.join(h.dir, name.replace(/\.toml$/, ''));
    await mkdir(folder, { recursive: true });
    const configPath = path.join(folder, 'pipecatcloud.toml');
    const before = await copyFixture(name, configPath);

    const result = await signInOn(configPath);
    await expectSurvived(configPath, before, result);
  });

  it('keeps unknown keys and tables, with their types', async () => {
    const folder = path.join(h.dir, 'unknown-keys');
    await mkdir(folder, { recursive: true });
    const configPath = path.join(folder, 'pipecatcloud.toml');
    const fixture = await copyFixture('org-with-keys.toml', configPath);
    const before =
      fixture.replace('[test-org]\n', '[test-org]\nunknown_key = "kept"\nretries = 3\n') +
      '\n[future-section]\nflag = true\ncount = 7\nratio = 0.5\nlist = [1, 2]\n';
    expect(before.includes('unknown_key')).toBe(true);
    await writeFile(configPath, before, { mode: 0o600 });

    const result = await signInOn(configPath);
    await expectSurvived(configPath, before, result);
    const now = parseToml(await readFile(configPath, 'utf8')) as Doc;
    expect(now['future-section']).toEqual({ flag: true, count: 7n, ratio: 0.5, list: [1n, 2n] });
    expect(asTable(now['test-org'])['retries']).toBe(3n);
  });

  it('a second sign-in replaces the sandbox table and nothing else', async () => {
    const folder = path.join(h.dir, 'twice');
    await mkdir(folder, { recursive: true });
    const configPath = path.join(folder, 'pipecatcloud.toml');
    const fixture = await copyFixture('environments.toml', configPath);

    const first = await signInOn(configPath);
    const between = await readFile(configPath, 'utf8');
    const second = await signInOn(configPath);
    expect(first.tokens.accessToken === second.tokens.accessToken).toBe(false);
    // Relative to the file after the first sign-in: only the sandbox table changed.
    const was = parseToml(between) as Doc;
    const now = parseToml(await readFile(configPath, 'utf8')) as Doc;
    for (const [key, value] of Object.entries(was)) {
      if (key !== 'environments') expect(isDeepStrictEqual(now[key], value), key).toBe(true);
    }
    const stored = asTable(asTable(now['environments'])[sandboxKey]);
    expect(stored['token'] === second.tokens.accessToken).toBe(true);
    expect(stored['refresh_token'] === second.tokens.refreshToken).toBe(true);
    // And relative to the fixture, everything it had is still there.
    await expectSurvived(configPath, fixture, second);
  });
});
