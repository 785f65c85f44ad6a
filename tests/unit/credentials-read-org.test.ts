import { describe, expect, it } from 'vitest';
import { CredentialsStore, DEFAULT_API_HOST } from '../../main/core/credentials/index.js';
import { copyFixture, STAGING, tempFileForEachTest } from './credentials-helpers.js';

let file: string;
tempFileForEachTest((temp) => (file = temp.file));

const store = (apiHost: string) => new CredentialsStore({ path: file, apiHost });

describe('readOrg: the active org a sign-out keeps for the next sign-in', () => {
  it('is the signed-in credentials` org', async () => {
    await copyFixture('environments.toml', file);
    await expect(store(DEFAULT_API_HOST).readOrg()).resolves.toBe('acme');
    await expect(store(STAGING).readOrg()).resolves.toBe('acme-staging');
  });

  it('stays after a sign-out, on the default host and on another one', async () => {
    await copyFixture('environments.toml', file);
    await store(DEFAULT_API_HOST).clear();
    await store(STAGING).clear();
    await expect(store(DEFAULT_API_HOST).read()).resolves.toBeUndefined();
    await expect(store(DEFAULT_API_HOST).readOrg()).resolves.toBe('acme');
    await expect(store(STAGING).readOrg()).resolves.toBe('acme-staging');
  });

  it('is undefined without a file, or for a host that never chose one', async () => {
    await expect(store(DEFAULT_API_HOST).readOrg()).resolves.toBeUndefined();
    await copyFixture('environments.toml', file);
    await expect(store('https://elsewhere.example').readOrg()).resolves.toBeUndefined();
  });
});
