import { checkKeychain } from '../core/keychain/availability.js';
import { KeyringVault } from '../core/keychain/keyring-vault.js';
import type { KeychainMode } from '../core/keychain/reconcile-plan.js';
import type { RefreshTokenVault } from '../core/keychain/vault.js';
import type { GlobalFlags } from './args.js';

/** The terminal command's side of the keychain setting. */
export interface HeadlessKeychain {
  mode: KeychainMode;
  vault: RefreshTokenVault;
  /** Set when --keychain was asked for and no keychain works here: one sentence, the setting stays off. */
  unavailable?: string;
}

/**
 * Every command follows a session kept in the keychain (the keychain is only loaded when the file
 * shows one); `--keychain` turns the setting on, once a probe shows the keychain works.
 */
export async function headlessKeychain(
  flags: Pick<GlobalFlags, 'keychain'>,
  vault: RefreshTokenVault = new KeyringVault(),
): Promise<HeadlessKeychain> {
  if (!flags.keychain) return { mode: 'follow', vault };
  const availability = await checkKeychain(vault);
  return availability.available
    ? { mode: 'keep', vault }
    : { mode: 'follow', vault, unavailable: availability.reason };
}
