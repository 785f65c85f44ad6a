/**
 * KeyringVault (@napi-rs/keyring) against a real Secret Service: GNOME Keyring on a private
 * D-Bus session bus (e2e/support/secret-service.ts). Skipped, saying why, only where the binaries
 * are missing; CI installs them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkKeychain } from '../../main/core/keychain/availability.js';
import { KeyringVault } from '../../main/core/keychain/keyring-vault.js';
import type { VaultKey } from '../../main/core/keychain/vault.js';
import {
  secretServiceMissing,
  startSecretService,
  type SecretService,
} from '../../e2e/support/secret-service.js';

const missing = secretServiceMissing();
if (missing) console.warn(`keychain-secret-service.test.ts skipped: ${missing}`);

const ADDRESS = 'DBUS_SESSION_BUS_ADDRESS';
const key: VaultKey = { configPath: '/tmp/a/pipecatcloud.toml', apiHost: 'https://api.pipecat.daily.co' };
const other: VaultKey = {
  configPath: '/tmp/a/pipecatcloud.toml',
  apiHost: 'https://staging.qa.pipecat.cloud',
};

describe.skipIf(missing !== undefined)('KeyringVault on GNOME Keyring`s Secret Service', () => {
  let service: SecretService;
  const saved = process.env[ADDRESS];
  const vault = new KeyringVault('Pipecat Cloud Tray (tests)');

  beforeAll(async () => {
    service = await startSecretService();
    process.env[ADDRESS] = service.env.DBUS_SESSION_BUS_ADDRESS;
  });

  afterAll(async () => {
    if (saved === undefined) Reflect.deleteProperty(process.env, ADDRESS);
    else process.env[ADDRESS] = saved;
    await service?.close();
  });

  it('is available', async () => {
    expect(await checkKeychain(vault)).toEqual({ available: true });
  });

  it('keeps one entry per file and host: set, get, replace, delete', async () => {
    expect(await vault.get(key)).toBeUndefined();
    await vault.set(key, { refreshToken: 'rt-1', accessToken: 'at-1', tokenExpiresAt: 1.5 });
    await vault.set(other, { refreshToken: 'rt-other', accessToken: 'at-other', tokenExpiresAt: 2 });
    await vault.set(key, {
      refreshToken: 'rt-2',
      accessToken: 'at-2',
      tokenExpiresAt: 3.25,
      replaces: 'at-1',
    });
    expect(await vault.get(key)).toEqual({
      refreshToken: 'rt-2',
      accessToken: 'at-2',
      tokenExpiresAt: 3.25,
      replaces: 'at-1',
    });
    await vault.delete(key);
    expect(await vault.get(key)).toBeUndefined();
    expect((await vault.get(other))?.refreshToken).toBe('rt-other');
    await vault.delete(other);
    await vault.delete(other);
  });
});
