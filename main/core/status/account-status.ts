import { loadAccount } from '../api/account.js';
import type { PipecatApi } from '../api/pipecat-api.js';
import { UserFacingError } from '../errors.js';
import { PAT_PREFIX } from '../../shared/pat.js';

export type AuthMethod = 'oauth' | 'pat';
/** `valid`: the API accepted it just now; `unverified`: the API could not be asked. */
export type TokenState = 'valid' | 'expired' | 'rejected' | 'unverified';

export interface StoredCredentialsView {
  token: string;
  refreshToken: string;
  tokenExpiresAt: number;
  org?: string | undefined;
}

/** Everything a shell shows about the account; never a secret. */
export interface AccountStatus {
  signedIn: boolean;
  apiHost: string;
  configPath: string;
  authMethod?: AuthMethod;
  email?: string;
  userId?: string;
  org?: string;
  orgVerboseName?: string;
  /** Epoch seconds; absent for personal access tokens, which do not expire on a schedule. */
  tokenExpiresAt?: number;
  tokenState?: TokenState;
  /** One sentence when something needs the user's attention. */
  problem?: string;
}

export function authMethodOf(credentials: StoredCredentialsView): AuthMethod {
  return credentials.token.startsWith(PAT_PREFIX) && credentials.refreshToken === '' ? 'pat' : 'oauth';
}

/** Reads the file's credentials for the host and asks the API who they belong to. */
export async function readAccountStatus(input: {
  credentials: StoredCredentialsView | undefined;
  api: PipecatApi;
  apiHost: string;
  configPath: string;
  nowMs: number;
}): Promise<AccountStatus> {
  const { credentials, apiHost, configPath } = input;
  if (!credentials || !credentials.token) return { signedIn: false, apiHost, configPath };
  const authMethod = authMethodOf(credentials);
  const status: AccountStatus = { signedIn: true, apiHost, configPath, authMethod };
  if (credentials.org) status.org = credentials.org;
  if (authMethod === 'oauth') status.tokenExpiresAt = credentials.tokenExpiresAt;
  const expired = authMethod === 'oauth' && credentials.tokenExpiresAt * 1000 <= input.nowMs;
  if (expired) {
    status.tokenState = 'expired';
    if (!credentials.refreshToken) {
      status.signedIn = false;
      status.problem = 'The access token has expired and there is no refresh token: sign in again.';
    }
    return status;
  }
  try {
    const { user, activeOrg: active } = await loadAccount(input.api, credentials.token, credentials.org);
    status.tokenState = 'valid';
    status.userId = user.userId;
    if (user.email) status.email = user.email;
    if (active) {
      status.org = active.name;
      status.orgVerboseName = active.verboseName;
    }
  } catch (error) {
    const code = error instanceof UserFacingError ? error.code : 'unknown';
    if (code === 'token_rejected') {
      status.tokenState = 'rejected';
      status.signedIn = authMethod === 'oauth' && credentials.refreshToken !== '';
      // With a refresh token this may only be an access token about to expire (the provider
      // rounds expiries, clocks differ): a refresh can fix it, so do not send the user to sign in.
      status.problem = status.signedIn
        ? 'Pipecat Cloud rejected the access token: refresh the session, and sign in again only if that fails.'
        : 'Pipecat Cloud rejected the saved token: sign in again.';
    } else {
      status.tokenState = 'unverified';
      status.problem = error instanceof UserFacingError ? error.message : 'Pipecat Cloud could not be asked.';
    }
  }
  return status;
}
