import { loadAccount, noOrganizationError } from '../api/account.js';
import type { PipecatApi } from '../api/pipecat-api.js';
import type { AccountSummary, Organization } from '../api/types.js';
import type { StoredCredentials } from '../credentials/index.js';
import { UserFacingError } from '../errors.js';
import { checkPatShape, PAT_PREFIX } from '../../shared/pat.js';

export interface UsePersonalAccessTokenDependencies {
  store: {
    /** The host's active org, kept across a sign-out. */
    readOrg(): Promise<string | undefined>;
    write(credentials: StoredCredentials): Promise<void>;
  };
  api: Pick<PipecatApi, 'getUser' | 'getOrganizations'>;
  /** Where the onboarding message points when the account has no organization. */
  dashboardHost?: string;
}

/** Who the token belongs to, with the org it was saved with. */
export interface PatAccount extends AccountSummary {
  activeOrg: Organization;
}

/** The token as it will be sent, or a UserFacingError that never repeats the input. */
function checkPersonalAccessToken(input: string): string {
  const shape = checkPatShape(input);
  if (shape.ok) return shape.pat;
  if (shape.problem === 'missing') {
    throw new UserFacingError('No personal access token was given.', 'pat_missing');
  }
  throw new UserFacingError(
    `That is not a personal access token: they start with ${PAT_PREFIX}, and nothing was sent.`,
    'pat_invalid_prefix',
  );
}

/**
 * Signs in with a personal access token, as `pipecat cloud auth use-pat` does: verified against the API,
 * then stored with an empty refresh token and expiry 0, keeping the active org if the PAT sees it.
 * An OAuth session in the file is replaced without calling `/auth/logout`, like the CLI: the
 * user chose another way to sign in, not to end the browser session, which may still be in use
 * elsewhere (its access token expires within a day; its refresh token is no longer on this disk).
 */
export async function usePersonalAccessToken(
  deps: UsePersonalAccessTokenDependencies,
  input: string,
): Promise<PatAccount> {
  const pat = checkPersonalAccessToken(input);
  const org = await deps.store.readOrg();
  let account: AccountSummary;
  try {
    account = await loadAccount(deps.api, pat, org);
  } catch (error) {
    if (error instanceof UserFacingError && error.code === 'token_rejected') {
      throw new UserFacingError('Pipecat Cloud did not accept this personal access token.', 'pat_rejected', {
        cause: error,
      });
    }
    throw error;
  }
  const { activeOrg } = account;
  if (!activeOrg) throw noOrganizationError(deps.dashboardHost);
  await deps.store.write({ token: pat, refreshToken: '', tokenExpiresAt: 0, org: activeOrg.name });
  return { ...account, activeOrg };
}
