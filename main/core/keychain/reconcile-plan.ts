import type { StoredCredentials } from '../credentials/index.js';
import { PAT_PREFIX } from '../../shared/pat.js';
import { belongsTo, type VaultedSession } from './vault.js';

/**
 * `keep`: the setting is on: refresh tokens go to the vault, and one the CLI writes to the file
 * (its login) is moved there. `follow`: the setting is off here, but a session another process (or
 * `login --keychain`) put in the vault is still refreshed through it; nothing is moved.
 */
export type KeychainMode = 'keep' | 'follow';

/** What bringing the file and the vault in line needs, decided from both as they are now. */
export type ReconcileStep =
  | { kind: 'nothing' }
  /** The file holds a refresh token (a CLI login): into the vault, then blank it in the file. */
  | { kind: 'move_into_vault'; file: StoredCredentials }
  /** The file lost the session (a CLI logout deletes the file): revoke it, then forget it. */
  | { kind: 'revoke'; held: VaultedSession }
  /** The file holds another session (a PAT, a login kept in the file): the vault's is dropped. */
  | { kind: 'forget' }
  /** The write after a rotation did not land (a crash, a full disk): write what the vault holds. */
  | { kind: 'complete_write'; file: StoredCredentials; held: VaultedSession };

/** A session the CLI can use but not refresh: an access token (not a PAT) with `refresh_token = ""`. */
export function isBlankOAuth(credentials: StoredCredentials): boolean {
  return credentials.refreshToken === '' && !credentials.token.startsWith(PAT_PREFIX);
}

export function planReconcile(
  file: StoredCredentials | undefined,
  held: VaultedSession | undefined,
  mode: KeychainMode,
): ReconcileStep {
  const refreshTokenInFile =
    file !== undefined && file.refreshToken !== '' && !file.token.startsWith(PAT_PREFIX);
  if (!held) {
    return refreshTokenInFile && mode === 'keep' ? { kind: 'move_into_vault', file } : { kind: 'nothing' };
  }
  if (!file) return { kind: 'revoke', held };
  if (refreshTokenInFile) return mode === 'keep' ? { kind: 'move_into_vault', file } : { kind: 'forget' };
  if (!isBlankOAuth(file)) return { kind: 'forget' };
  if (file.token !== held.accessToken && file.token === held.replaces) {
    return { kind: 'complete_write', file, held };
  }
  // The vault's own session, or a blank one it knows nothing of: either way nothing to do. (The
  // latter is not dropped: it may be the only copy of a live refresh token.)
  return { kind: 'nothing' };
}

/** Whether the vault's session is the secret half of the file's blank one. */
export function vaultHolds(held: VaultedSession | undefined, file: StoredCredentials): boolean {
  return isBlankOAuth(file) && belongsTo(held, file.token);
}
