import path from 'node:path';
import type * as KeyringModule from '@napi-rs/keyring';
import { UserFacingError } from '../errors.js';
import { decodeVaultedSession, encodeVaultedSession } from './vault-codec.js';
import type { RefreshTokenVault, VaultKey, VaultedSession } from './vault.js';

type Keyring = typeof KeyringModule;
type KeyringEntry = InstanceType<Keyring['AsyncEntry']>;

/** How the entries are named in the keychain's own UI (Keychain Access, Seahorse, Credential Manager). */
export const KEYCHAIN_SERVICE = 'Pipecat Cloud Tray';
/**
 * A keychain that asks the user to unlock it waits for them; past this the call counts as failed
 * (and is retried by the next check) rather than holding the credentials lock indefinitely.
 */
const CALL_TIMEOUT_MS = 60_000;

let loading: Promise<Keyring> | undefined;

/**
 * The native module is loaded on first use only: a daemon or tray without the setting never pays
 * for it (see the README, "The refresh token in the system keychain", for what it costs).
 */
function loadKeyring(): Promise<Keyring> {
  loading ??= import('@napi-rs/keyring');
  return loading;
}

/**
 * The OS credential store through `@napi-rs/keyring` (keyring-rs): the macOS Keychain, the
 * Windows Credential Manager, the Secret Service on Linux. On Linux it is pinned to the Secret
 * Service: keyring-rs would otherwise fall back to the kernel keyring, which forgets everything at
 * reboot, and with it the only copy of the refresh token.
 */
export class KeyringVault implements RefreshTokenVault {
  constructor(private readonly service = KEYCHAIN_SERVICE) {}

  async get(key: VaultKey): Promise<VaultedSession | undefined> {
    const text = await this.call(key, (entry) => entry.getPassword());
    return text === null ? undefined : decodeVaultedSession(text);
  }

  async set(key: VaultKey, session: VaultedSession): Promise<void> {
    await this.call(key, (entry) => entry.setPassword(encodeVaultedSession(session)));
  }

  async delete(key: VaultKey): Promise<void> {
    await this.call(key, (entry) => entry.deleteCredential());
  }

  private async call<T>(key: VaultKey, task: (entry: KeyringEntry) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const { AsyncEntry } = await loadKeyring();
      const entry = new AsyncEntry(this.service, accountOf(key), { linux: { store: 'secret-service' } });
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('it did not answer')), CALL_TIMEOUT_MS);
        timer.unref();
      });
      return await Promise.race([task(entry), timeout]);
    } catch (error) {
      throw keychainError(error);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** One entry per credentials file and API host, named so a user can tell them apart. */
export function accountOf(key: VaultKey): string {
  return `${key.apiHost} ${path.resolve(key.configPath)}`;
}

/**
 * keyring-rs explains itself in platform terms ("Platform failure: DBus error: …"); its messages
 * never carry the secret. The first clause says enough.
 */
function keychainError(error: unknown): UserFacingError {
  const raw = error instanceof Error ? error.message : String(error);
  const reason = raw.split(/\.\s|\n/)[0]?.slice(0, 200) ?? raw;
  return new UserFacingError(`The system keychain could not be used: ${reason}.`, 'keychain_failed', {
    cause: error,
  });
}
