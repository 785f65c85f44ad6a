import { randomBytes } from 'node:crypto';
import { UserFacingError } from '../errors.js';
import type { RefreshTokenVault, VaultKey } from './vault.js';

export type KeychainAvailability =
  | { available: true }
  /** `reason`: one sentence for the user; `detail`: what the platform said, for diagnostics. */
  | { available: false; reason: string; detail: string };

/** The entry the probe writes and removes; never one a session lives in. */
const PROBE_KEY: VaultKey = { configPath: 'availability probe', apiHost: 'pipecat-tray:' };

/**
 * Whether the vault can keep a refresh token here: a write, a read of the same value and a
 * delete. A machine without a credential store (Linux without a Secret Service) gets one sentence
 * saying so, and the setting stays off: the refresh token stays in the file, nothing is lost.
 */
export async function checkKeychain(vault: RefreshTokenVault): Promise<KeychainAvailability> {
  const value = randomBytes(16).toString('hex');
  try {
    await vault.set(PROBE_KEY, { refreshToken: value, accessToken: value, tokenExpiresAt: 0 });
    const read = await vault.get(PROBE_KEY);
    await vault.delete(PROBE_KEY);
    if (read?.refreshToken !== value) return unavailable('it did not give back what was stored');
    return { available: true };
  } catch (error) {
    return unavailable(error instanceof UserFacingError ? error.message : String(error));
  }
}

function unavailable(detail: string): KeychainAvailability {
  const needs =
    process.platform === 'linux' ? ' (on Linux it takes a Secret Service such as GNOME Keyring)' : '';
  return {
    available: false,
    reason: `No system keychain can be used here${needs}, so the refresh token stays in the credentials file.`,
    detail,
  };
}
