import type { SessionToRevoke } from './revoke-session.js';

/**
 * Where sessions waiting to be revoked are kept between tries. Memory by default: a refresh token
 * that was removed from the credentials file is never written anywhere else on disk. The seam for
 * the OS keychain (a setting that does not exist yet), which would let a retry survive a restart.
 */
export interface PendingRevocationStore {
  load(): Promise<SessionToRevoke[]>;
  save(pending: readonly SessionToRevoke[]): Promise<void>;
}

export function memoryRevocationStore(): PendingRevocationStore {
  let kept: SessionToRevoke[] = [];
  return {
    load: async () => kept.map((session) => ({ ...session })),
    save: async (pending) => {
      kept = pending.map((session) => ({ ...session }));
    },
  };
}
