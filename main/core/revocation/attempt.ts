import type { PipecatApi } from '../api/pipecat-api.js';
import type { ProviderCache } from '../session/provider-cache.js';
import { refreshTokens } from '../session/token-refresh.js';
import {
  revokeSession,
  type RevocationAnswer,
  type RevokeOptions,
  type SessionToRevoke,
} from './revoke-session.js';

/** One try to revoke a session of this host: its API, and its identity provider for the refresh token. */
export function revocationAttempt(deps: {
  api: Pick<PipecatApi, 'logout'>;
  provider: Pick<ProviderCache, 'get'>;
  now?: () => number;
  logoutTimeoutMs?: number;
}): (session: SessionToRevoke, options?: RevokeOptions) => Promise<RevocationAnswer> {
  const now = deps.now ?? Date.now;
  return (session, options) =>
    revokeSession(
      session,
      {
        api: deps.api,
        refresh: async (refreshToken) => refreshTokens(await deps.provider.get(), refreshToken, now),
        ...(deps.logoutTimeoutMs === undefined ? {} : { logoutTimeoutMs: deps.logoutTimeoutMs }),
      },
      options,
    );
}
