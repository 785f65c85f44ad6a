import type { VaultedSession } from './vault.js';

/** The entry's format version; an entry of another version is not ours to read. */
const VERSION = 1;

/** How a session is kept as one keychain password: a small JSON object. */
export function encodeVaultedSession(session: VaultedSession): string {
  return JSON.stringify({
    v: VERSION,
    refresh_token: session.refreshToken,
    access_token: session.accessToken,
    token_expires_at: session.tokenExpiresAt,
    ...(session.replaces === undefined ? {} : { replaces: session.replaces }),
  });
}

/** The session an entry holds, or undefined for anything that is not an entry this app wrote. */
export function decodeVaultedSession(text: string): VaultedSession | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const entry = data as Record<string, unknown>;
  const { v, refresh_token, access_token, token_expires_at, replaces } = entry;
  if (v !== VERSION || typeof refresh_token !== 'string' || refresh_token === '') return undefined;
  if (typeof access_token !== 'string' || typeof token_expires_at !== 'number') return undefined;
  const session: VaultedSession = {
    refreshToken: refresh_token,
    accessToken: access_token,
    tokenExpiresAt: token_expires_at,
  };
  if (typeof replaces === 'string') session.replaces = replaces;
  return session;
}
