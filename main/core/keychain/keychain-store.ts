import type { PipecatApi } from '../api/pipecat-api.js';
import type { CredentialsStore, CredentialsStoreOptions } from '../credentials/index.js';
import type { KeychainMode } from './reconcile-plan.js';
import type { RefreshTokenVault } from './vault.js';
import { VaultedCredentialsStore, type KeychainEvent } from './vaulted-store.js';

/** How a shell asks for the keychain: the setting (`keep`) or only following it (`follow`). */
export interface KeychainSetup {
  mode: KeychainMode;
  vault: RefreshTokenVault;
  onEvent?: (event: KeychainEvent) => void;
}

export function createKeychainStore(
  options: CredentialsStoreOptions,
  keychain: KeychainSetup,
  api: Pick<PipecatApi, 'logout'>,
): VaultedCredentialsStore {
  return new VaultedCredentialsStore({
    ...options,
    vault: keychain.vault,
    mode: keychain.mode,
    revoke: (accessToken, refreshToken) => api.logout(accessToken, refreshToken),
    ...(keychain.onEvent ? { onEvent: keychain.onEvent } : {}),
  });
}

/** The store's keychain side, when it has one. */
export function keychainSideOf(store: CredentialsStore): VaultedCredentialsStore | undefined {
  return store instanceof VaultedCredentialsStore ? store : undefined;
}
