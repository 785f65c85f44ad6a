/**
 * The seam between the app and wherever it keeps refresh tokens out of the CLI's file: the OS
 * credential store (keyring-vault.ts), or memory in tests. One entry per credentials file and API
 * host, since the CLI's file keeps one session per host.
 */
export interface VaultKey {
  /** The credentials file, as the store names it. */
  configPath: string;
  /** The normalised API host (CredentialsStore.apiHost). */
  apiHost: string;
}

/**
 * One session's secret half. The file keeps `token` and `token_expires_at` for the CLI, with
 * `refresh_token = ""`; the vault keeps the refresh token and the access token it goes with, so
 * the app can tell whether the file still holds this session.
 */
export interface VaultedSession {
  refreshToken: string;
  accessToken: string;
  /** Epoch seconds, as in the file. */
  tokenExpiresAt: number;
  /**
   * The access token the file held when this session was stored after a rotation, until the file
   * has been written. A file that still holds it (the write was interrupted) belongs to this
   * refresh token: the one it was issued with is already dead (vaulted-store.ts, crash ordering).
   */
  replaces?: string;
}

export interface RefreshTokenVault {
  get(key: VaultKey): Promise<VaultedSession | undefined>;
  set(key: VaultKey, session: VaultedSession): Promise<void>;
  /** Removes the entry; nothing happens when there is none. */
  delete(key: VaultKey): Promise<void>;
}

/** Whether `session` is the secret half of a file session whose access token is `accessToken`. */
export function belongsTo(session: VaultedSession | undefined, accessToken: string): boolean {
  return session !== undefined && (session.accessToken === accessToken || session.replaces === accessToken);
}
