/**
 * The privacy rule for top-level credentials: the app shows a top-level token that is not a
 * non-default host's own copy to that host (`GET /v1/users`, to learn whether the CLI refreshed
 * the app's mirrored session) only when the `pcc` CLI is pointed at that very host, i.e. its
 * PIPECAT_API_HOST names it. Otherwise (production credentials above all) the token stays home.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_API_HOST } from '../../main/core/credentials/index.js';
import type { Fetch } from '../../main/core/http/fetch.js';
import { createAccountRuntime, mayProbeTopLevel } from '../../main/core/session/account-runtime.js';
import type { GlobalFlags } from '../../main/headless/args.js';
import { createContext } from '../../main/headless/context.js';

const STAGING = 'https://staging.qa.pipecat.cloud';

describe('mayProbeTopLevel', () => {
  it('never for the default host: its credentials are the top level, nothing to ask', () => {
    for (const cli of [
      DEFAULT_API_HOST,
      `${DEFAULT_API_HOST}/`,
      'HTTPS://API.PIPECAT.DAILY.CO:443',
      STAGING,
    ]) {
      expect(mayProbeTopLevel(DEFAULT_API_HOST, cli), cli).toBe(false);
      expect(mayProbeTopLevel('https://API.pipecat.daily.co/', cli), cli).toBe(false);
    }
    expect(mayProbeTopLevel(DEFAULT_API_HOST, undefined)).toBe(false);
  });

  it('never when the CLI host is not known (unset or empty PIPECAT_API_HOST)', () => {
    expect(mayProbeTopLevel(STAGING, undefined)).toBe(false);
    expect(mayProbeTopLevel(STAGING, '')).toBe(false);
    expect(mayProbeTopLevel('https://127.0.0.1:8443', undefined)).toBe(false);
  });

  it('for another host only when the CLI is pointed at that very host, after normalisation', () => {
    expect(mayProbeTopLevel(STAGING, STAGING)).toBe(true);
    expect(mayProbeTopLevel(STAGING, 'https://staging.qa.pipecat.cloud/')).toBe(true);
    expect(mayProbeTopLevel(STAGING, '  HTTPS://Staging.QA.pipecat.cloud:443//  ')).toBe(true);
    expect(mayProbeTopLevel('https://STAGING.qa.pipecat.cloud/', STAGING)).toBe(true);
    expect(mayProbeTopLevel('https://127.0.0.1:8443', 'https://127.0.0.1:8443/')).toBe(true);
    expect(mayProbeTopLevel('https://example.com/api', 'https://example.com/api/')).toBe(true);
  });

  it('not when the CLI is pointed elsewhere: production, another host, port, scheme or path', () => {
    expect(mayProbeTopLevel(STAGING, DEFAULT_API_HOST)).toBe(false);
    expect(mayProbeTopLevel(STAGING, 'https://other.qa.pipecat.cloud')).toBe(false);
    expect(mayProbeTopLevel('https://127.0.0.1:8443', 'https://127.0.0.1:8444')).toBe(false);
    expect(mayProbeTopLevel('https://127.0.0.1:8443', 'http://127.0.0.1:8443')).toBe(false);
    expect(mayProbeTopLevel('https://example.com/api', 'https://example.com')).toBe(false);
  });

  it('not when either host is not a usable URL', () => {
    expect(mayProbeTopLevel(STAGING, 'staging.qa.pipecat.cloud')).toBe(false);
    expect(mayProbeTopLevel(STAGING, `${STAGING}?x=1`)).toBe(false);
    expect(mayProbeTopLevel('not a url', 'not a url')).toBe(false);
    expect(mayProbeTopLevel('ftp://staging.qa.pipecat.cloud', 'ftp://staging.qa.pipecat.cloud')).toBe(false);
  });
});

/** A file where staging has its own table and the top level holds someone else's token. */
const TABLE_TOKEN = 'staging-table-access-token';
const TOP_TOKEN = 'top-level-token-of-someone-else';
const FILE = [
  `token = "${TOP_TOKEN}"`,
  'refresh_token = "top-level-refresh-token"',
  'token_expires_at = 4102444800.0',
  'org = "prod-org"',
  '',
  '[prod-org]',
  '',
  `[environments."${STAGING}"]`,
  `token = "${TABLE_TOKEN}"`,
  'refresh_token = "staging-table-refresh-token"',
  'token_expires_at = 4102444800.0',
  'org = "acme"',
  '',
].join('\n');

/** A fetch that answers `GET /v1/users` for any token and records the bearer of every request. */
function recordingFetch(): { fetch: Fetch; bearers: string[] } {
  const bearers: string[] = [];
  const fetch: Fetch = async (_input, init) => {
    const authorization = new Headers(init?.headers).get('authorization') ?? '';
    bearers.push(authorization.replace(/^Bearer /, ''));
    return Response.json({ user: { userId: 'user_1', emails: [{ emailAddress: 'dev@example.com' }] } });
  };
  return { fetch, bearers };
}

let dir: string;
let configPath: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pcc-tray-probe-'));
  configPath = path.join(dir, 'pipecatcloud.toml');
  await writeFile(configPath, FILE, { mode: 0o600 });
});

afterEach(async () => {
  vi.unstubAllGlobals();
  await rm(dir, { recursive: true, force: true });
});

describe('createAccountRuntime (tray and daemon)', () => {
  async function readWith(cliApiHost: string | undefined) {
    const { fetch, bearers } = recordingFetch();
    const runtime = createAccountRuntime({ apiHost: STAGING, configPath, fetch, cliApiHost });
    const creds = await runtime.store.read();
    return { token: creds?.token, bearers };
  }

  it('without PIPECAT_API_HOST the top-level token is never sent; the table is used', async () => {
    const { token, bearers } = await readWith(undefined);
    expect(bearers).toEqual([]);
    expect(token).toBe(TABLE_TOKEN);
  });

  it('with the CLI pointed at another host the top-level token is never sent either', async () => {
    for (const cli of [DEFAULT_API_HOST, 'https://other.example.com']) {
      const { token, bearers } = await readWith(cli);
      expect(bearers, cli).toEqual([]);
      expect(token, cli).toBe(TABLE_TOKEN);
    }
  });

  it('with the CLI pointed at this host it asks once, and takes a top level the host accepts', async () => {
    const { token, bearers } = await readWith(`${STAGING}/`);
    expect(bearers).toEqual([TOP_TOKEN]);
    expect(token).toBe(TOP_TOKEN);
  });
});

describe('createContext (the terminal command)', () => {
  const flags = (overrides: Partial<GlobalFlags>): GlobalFlags => ({
    apiHost: undefined,
    config: configPath,
    sandbox: false,
    allowHttpLoopback: false,
    json: false,
    noBrowser: true,
    device: false,
    use: undefined,
    minValidMs: 300_000,
    ...overrides,
  });
  const output = { out: () => undefined, err: () => undefined };

  async function readWith(flagValues: Partial<GlobalFlags>, env: NodeJS.ProcessEnv) {
    const { fetch, bearers } = recordingFetch();
    vi.stubGlobal('fetch', fetch);
    const ctx = await createContext(flags(flagValues), env, output);
    return { ctx, token: (await ctx.store.read())?.token, bearers };
  }

  it('--api-host alone (no PIPECAT_API_HOST) never sends the top-level token', async () => {
    const { ctx, token, bearers } = await readWith({ apiHost: STAGING }, {});
    expect(ctx.cliApiHost).toBeUndefined();
    expect(bearers).toEqual([]);
    expect(token).toBe(TABLE_TOKEN);
  });

  it('PIPECAT_API_HOST naming another host than --api-host never sends it', async () => {
    const { ctx, bearers } = await readWith({ apiHost: STAGING }, { PIPECAT_API_HOST: DEFAULT_API_HOST });
    expect(ctx.cliApiHost).toBe(DEFAULT_API_HOST);
    expect(bearers).toEqual([]);
  });

  it('PIPECAT_API_HOST naming the host (the CLI sends the token there anyway) may ask', async () => {
    const { ctx, token, bearers } = await readWith({}, { PIPECAT_API_HOST: STAGING });
    expect(ctx.apiHost).toBe(STAGING);
    expect(bearers).toEqual([TOP_TOKEN]);
    expect(token).toBe(TOP_TOKEN);
  });
});
