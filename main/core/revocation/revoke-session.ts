import type { LogoutOutcome } from '../api/logout.js';
import type { TokenSet } from '../sign-in/exchange-code.js';
import { RefreshFailure } from '../session/token-refresh.js';

/** An OAuth session to end at Pipecat Cloud. Secrets: kept in memory only, never printed. */
export interface SessionToRevoke {
  apiHost: string;
  accessToken: string;
  refreshToken: string;
}

/** What one try to revoke a session found out. */
export type RevocationAnswer =
  | { kind: 'revoked' }
  /** The identity provider no longer knows the refresh token: the session had already ended. */
  | { kind: 'already_ended' }
  /** Not confirmed (`why`): the session lives on; `session` holds the tokens to try with next. */
  | { kind: 'not_revoked'; why: Exclude<LogoutOutcome, { kind: 'revoked' }>; session: SessionToRevoke };

export interface RevokeSessionDependencies {
  api: { logout(accessToken: string, refreshToken: string, timeoutMs?: number): Promise<LogoutOutcome> };
  /** A refresh at the identity provider; throws a RefreshFailure (invalid_grant: the token is dead). */
  refresh(refreshToken: string): Promise<TokenSet>;
  logoutTimeoutMs?: number;
}

export interface RevokeOptions {
  /**
   * Whether a refused access token (401, 403) is checked with the identity provider (true), or
   * taken to mean the session already ended (false: the first try at a session another program
   * signed out of moments ago, whose own sign-out most likely revoked it).
   */
  askProviderIfRefused: boolean;
}

/**
 * One try to end `session`: `POST /auth/logout`. An answer of 401 or 403 means the access token is
 * no longer accepted (it expired, or the session already ended), which says nothing about the
 * refresh token, so the identity provider is asked: a dead refresh token means the session has
 * already ended; a live one gives a fresh access token to ask `/auth/logout` again with.
 */
export async function revokeSession(
  session: SessionToRevoke,
  deps: RevokeSessionDependencies,
  options: RevokeOptions = { askProviderIfRefused: true },
): Promise<RevocationAnswer> {
  const answer = await deps.api.logout(session.accessToken, session.refreshToken, deps.logoutTimeoutMs);
  if (answer.kind === 'revoked') return { kind: 'revoked' };
  const refused = answer.kind === 'not_confirmed' && (answer.status === 401 || answer.status === 403);
  if (!refused) return { kind: 'not_revoked', why: answer, session };
  if (!options.askProviderIfRefused) return { kind: 'already_ended' };
  let tokens: TokenSet;
  try {
    tokens = await deps.refresh(session.refreshToken);
  } catch (error) {
    if (error instanceof RefreshFailure && error.kind === 'invalid_grant') return { kind: 'already_ended' };
    return { kind: 'not_revoked', why: answer, session };
  }
  const fresh = { ...session, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken };
  const again = await deps.api.logout(fresh.accessToken, fresh.refreshToken, deps.logoutTimeoutMs);
  return again.kind === 'revoked' ? { kind: 'revoked' } : { kind: 'not_revoked', why: again, session: fresh };
}
