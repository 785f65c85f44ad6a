/** An in-memory RefreshTokenVault for unit tests, with the hooks a test needs to break it. */
import type { RefreshTokenVault, VaultKey, VaultedSession } from '../../../main/core/keychain/vault.js';

export class MemoryVault implements RefreshTokenVault {
  readonly entries = new Map<string, VaultedSession>();
  readonly calls: Array<'get' | 'set' | 'delete'> = [];
  /** Thrown by every call while set: a keychain that is locked, gone, or refuses. */
  failure: Error | undefined;
  /** Runs after a set has stored its value (a test may throw here: a crash right after the write). */
  afterSet: ((session: VaultedSession) => void | Promise<void>) | undefined;

  async get(key: VaultKey): Promise<VaultedSession | undefined> {
    this.enter('get');
    const session = this.entries.get(keyOf(key));
    return session && { ...session };
  }

  async set(key: VaultKey, session: VaultedSession): Promise<void> {
    this.enter('set');
    this.entries.set(keyOf(key), { ...session });
    await this.afterSet?.(session);
  }

  async delete(key: VaultKey): Promise<void> {
    this.enter('delete');
    this.entries.delete(keyOf(key));
  }

  /** The only entry, if there is exactly one. */
  only(): VaultedSession | undefined {
    if (this.entries.size > 1) throw new Error(`the vault holds ${this.entries.size} entries`);
    return [...this.entries.values()][0];
  }

  private enter(call: 'get' | 'set' | 'delete'): void {
    this.calls.push(call);
    if (this.failure) throw this.failure;
  }
}

function keyOf(key: VaultKey): string {
  return JSON.stringify([key.configPath, key.apiHost]);
}
