import { DEFAULT_DASHBOARD_HOST } from '../api/account.js';
import type { LogoutOutcome } from '../api/logout.js';
import type { StoredCredentials } from '../credentials/index.js';
import { PAT_PREFIX } from '../../shared/pat.js';
import { signOutMessage, type SignOutOutcome } from './sign-out-message.js';

export interface SignOutDependencies {
  store: {
    readonly apiHost: string;
    readonly path: string;
    read(): Promise<StoredCredentials | undefined>;
    clear(): Promise<void>;
  };
  api: { logout(accessToken: string, refreshToken: string, timeoutMs?: number): Promise<LogoutOutcome> };
  /** How long to wait for `/auth/logout`; the contract's 10 s when absent. */
  logoutTimeoutMs?: number;
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
 * the revocation only decides what the message says.
 */
export async function signOut(deps: SignOutDependencies): Promise<SignOutResult> {
  const credentials = await deps.store.read();
  if (credentials) await deps.store.clear();
  const outcome = await revoke(deps, credentials);
  const message = signOutMessage(outcome, {
    apiHost: deps.store.apiHost,
    configPath: deps.store.path,
    dashboardHost: deps.dashboardHost ?? DEFAULT_DASHBOARD_HOST,
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
  if (credentials.refreshToken === '') return { kind: 'no_refresh_token' };
  const answer = await deps.api.logout(credentials.token, credentials.refreshToken, deps.logoutTimeoutMs);
  switch (answer.kind) {
    case 'revoked':
      return { kind: 'revoked' };
    case 'service_down':
      return { kind: 'service_down' };
    case 'unreachable':
      return { kind: 'unreachable' };
    case 'not_confirmed':
      return { kind: 'not_confirmed', status: answer.status };
  }
}
