/**
 * Which `[environments]` key a host's table gets: PIPECAT_API_HOST exactly as set when it names
 * the host (the key of the CLI's multi-environment layout), else the normalised host; and that
 * the tray's and the terminal command's stores are given that PIPECAT_API_HOST.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_API_HOST, type StoredCredentials } from '../../main/core/credentials/index.js';
import { hostEntry } from '../../main/core/credentials/host-entry.js';
import type { Fetch } from '../../main/core/http/fetch.js';
import { createAccountRuntime } from '../../main/core/session/account-runtime.js';
import type { GlobalFlags } from '../../main/headless/args.js';
import { createContext } from '../../main/headless/context.js';
import { readToml, STAGING, tempFileForEachTest } from './credentials-helpers.js';

describe('hostEntry', () => {
  it('without PIPECAT_API_HOST keys the table by the normalised host', () => {
    expect(hostEntry('https://Staging.QA.pipecat.cloud/')).toEqual({
      host: STAGING,
      tableKey: STAGING,
      tableKeyFromCli: false,
    });
    expect(hostEntry(DEFAULT_API_HOST)).toEqual({
      host: DEFAULT_API_HOST,
      tableKey: DEFAULT_API_HOST,
      tableKeyFromCli: false,
    });
  });

  it.each([STAGING, `${STAGING}/`, 'HTTPS://Staging.QA.pipecat.cloud:443', `  ${STAGING}  `])(
    'with PIPECAT_API_HOST=%j naming the host, keys it by that string untouched',
    (asSet) => {
      expect(hostEntry(STAGING, asSet)).toEqual({ host: STAGING, tableKey: asSet, tableKeyFromCli: true });
    },
  );

  it.each([DEFAULT_API_HOST, 'https://other.qa.pipecat.cloud', '', 'not a url'])(
    'with PIPECAT_API_HOST=%j naming something else, keeps the normalised host',
    (elsewhere) => {
      expect(hostEntry(STAGING, elsewhere)).toEqual({
        host: STAGING,
        tableKey: STAGING,
        tableKeyFromCli: false,
      });
    },
  );
});

describe('the stores the shells build', () => {
  const AS_SET = `${STAGING}/`;
  const CREDS: StoredCredentials = { token: 'T', refreshToken: 'R', tokenExpiresAt: 1800000000.5 };
  const noFetch: Fetch = () => Promise.reject(new Error('no request expected'));
  let file: string;
  tempFileForEachTest((temp) => (file = temp.file));

  const tableKeys = async () => Object.keys((await readToml(file))['environments'] as object);

  it('the tray`s (createAccountRuntime) writes the table under the CLI`s PIPECAT_API_HOST', async () => {
    const runtime = createAccountRuntime({
      apiHost: STAGING,
      configPath: file,
      fetch: noFetch,
      cliApiHost: AS_SET,
    });
    await runtime.store.write(CREDS);
    expect(await tableKeys()).toEqual([AS_SET]);
  });

  it('the terminal command`s takes it from its environment', async () => {
    const flags: GlobalFlags = {
      apiHost: undefined,
      config: file,
      sandbox: false,
      allowHttpLoopback: false,
      json: false,
      noBrowser: true,
      device: false,
      use: undefined,
      minValidMs: 300_000,
    };
    const ctx = await createContext(flags, { PIPECAT_API_HOST: AS_SET }, { out: () => {}, err: () => {} });
    await ctx.store.write(CREDS);
    expect(await tableKeys()).toEqual([AS_SET]);
  });
});
