import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  /** Epoch ms; Infinity when the provider gave no lifetime. */
  expiresAt: number;
}

/**
 * The provider's storage, one per sandbox (the bundled memory adapter is a process-wide
 * singleton, which would let two sandboxes in one test process see each other's tokens).
 * It also lets the sandbox list grants and expire tokens on demand.
 */
/**
 * Device codes outlive their expiry in storage for this long, so a client polling after expiry
 * is told `expired_token` (the provider checks the expiry itself) rather than "not found".
 */
const DEVICE_CODE_GRACE_SECONDS = 600;

export class SandboxStore {
  readonly #models = new Map<string, Map<string, Entry>>();
  readonly #sessionIdByUid = new Map<string, string>();
  readonly #deviceCodeIdByUserCode = new Map<string, string>();

  readonly adapter: AdapterFactory = (model) => this.#adapterFor(model);

  /** Grant ids of every live grant of a user. */
  grantIdsOf(accountId: string): string[] {
    const grants = this.#entries('Grant');
    return [...grants.entries()]
      .filter(([, entry]) => this.#live(entry) && entry.payload.accountId === accountId)
      .map(([id]) => id);
  }

  /** Backdates the `exp` the provider checks on every access token; returns how many. */
  expireAll(model: string): number {
    const past = Math.floor(Date.now() / 1000) - 1;
    let count = 0;
    for (const entry of this.#entries(model).values()) {
      entry.payload.exp = past;
      count += 1;
    }
    return count;
  }

  clear(): void {
    this.#models.clear();
    this.#sessionIdByUid.clear();
    this.#deviceCodeIdByUserCode.clear();
  }

  #entries(model: string): Map<string, Entry> {
    let entries = this.#models.get(model);
    if (!entries) {
      entries = new Map();
      this.#models.set(model, entries);
    }
    return entries;
  }

  #live(entry: Entry): boolean {
    return entry.expiresAt > Date.now();
  }

  #adapterFor(model: string): Adapter {
    const entries = this.#entries(model);
    const find = async (id: string): Promise<AdapterPayload | undefined> => {
      const entry = entries.get(id);
      if (!entry) return undefined;
      if (!this.#live(entry)) {
        entries.delete(id);
        return undefined;
      }
      return entry.payload;
    };
    return {
      upsert: async (id, payload, expiresIn) => {
        const grace = model === 'DeviceCode' ? DEVICE_CODE_GRACE_SECONDS : 0;
        const expiresAt = typeof expiresIn === 'number' ? Date.now() + (expiresIn + grace) * 1000 : Infinity;
        entries.set(id, { payload, expiresAt });
        if (model === 'Session' && payload.uid) this.#sessionIdByUid.set(payload.uid, id);
        if (model === 'DeviceCode' && payload.userCode)
          this.#deviceCodeIdByUserCode.set(payload.userCode, id);
      },
      find,
      findByUid: async (uid) => {
        const id = this.#sessionIdByUid.get(uid);
        return id === undefined ? undefined : find(id);
      },
      findByUserCode: async (userCode) => {
        const id = this.#deviceCodeIdByUserCode.get(userCode);
        return id === undefined ? undefined : find(id);
      },
      consume: async (id) => {
        const entry = entries.get(id);
        if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => {
        entries.delete(id);
      },
      revokeByGrantId: async (grantId) => {
        for (const [id, entry] of entries) {
          if (entry.payload.grantId === grantId) entries.delete(id);
        }
      },
    };
  }
}
