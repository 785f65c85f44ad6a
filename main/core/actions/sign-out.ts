import { DEFAULT_DASHBOARD_HOST } from '../api/account.js';
import type { StoredCredentials } from '../credentials/index.js';
import type { RevocationAnswer, SessionToRevoke } from '../revocation/revoke-session.js';
import { PAT_PREFIX } from '../../shared/pat.js';
import { signOutMessage, type SignOutOutcome } from './sign-out-message.js';

export interface SignOutDependencies {
  store: {
    readonly apiHost: string;
    readonly path: string;
    read(): Promise<StoredCredentials | undefined>;
    clear(): Promise<void>;
  };
  /** One try (revokeSession), or a RevocationKeeper's revokeNow, which goes on in the background. */
  revoke(session: SessionToRevoke): Promise<RevocationAnswer>;
  /** Whether `revoke` goes on trying after an unconfirmed answer (the tray and the daemon do). */
  retriesInBackground: boolean;
  dashboardHost?: string;
}

export interface SignOutResult {
  outcome: SignOutOutcome;
  /** Whether credentials were removed from the file (false only when there were none). */
  removed: boolean;
  message: string;
}

/**
 * Signs this API host out: removes its token, refresh token and expiry (org and the CLI's org
 * tables stay), then, for an OAuth session, asks Pipecat Cloud to revoke it. The file is cleared
 * first so that an interrupted or hanging request can never leave the machine half signed out;
 * the revocation decides what the message says.
 */
export async function signOut(deps: SignOutDependencies): Promise<SignOutResult> {
  const credentials = await deps.store.read();
  if (credentials) await deps.store.clear();
  const outcome = await revoke(deps, credentials);
  const message = signOutMessage(outcome, {
    apiHost: deps.store.apiHost,
    configPath: deps.store.path,
    dashboardHost: deps.dashboardHost ?? DEFAULT_DASHBOARD_HOST,
    retrying: deps.retriesInBackground,
  });
  return { outcome, removed: credentials !== undefined, message };
}

async function revoke(
  deps: SignOutDependencies,
  credentials: StoredCredentials | undefined,
): Promise<SignOutOutcome> {
  if (!credentials) return { kind: 'not_signed_in' };
  // A PAT is never sent to /auth/logout, even with a stray refresh token beside it.
  if (credentials.token.startsWith(PAT_PREFIX)) return { kind: 'pat' };
  if (credentials.refreshToken === '') {
    return { kind: 'no_refresh_token', tokenExpiresAt: credentials.tokenExpiresAt };
  }
  const answer = await deps.revoke({
    apiHost: deps.store.apiHost,
    accessToken: credentials.token,
    refreshToken: credentials.refreshToken,
  });
  if (answer.kind !== 'not_revoked') return { kind: answer.kind };
  const { why } = answer;
  return why.kind === 'not_confirmed' ? { kind: 'not_confirmed', status: why.status } : { kind: why.kind };
}
