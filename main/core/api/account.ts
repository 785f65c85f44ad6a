import { UserFacingError } from '../errors.js';
import type { PipecatApi } from './pipecat-api.js';
import type { AccountSummary, Organization } from './types.js';

export const DEFAULT_DASHBOARD_HOST = 'https://pipecat.daily.co';

/** `PIPECAT_DASHBOARD_HOST`, else the public dashboard (docs/contract.md, "Hosts"). */
export function dashboardHostFrom(env: NodeJS.ProcessEnv): string {
  return (env['PIPECAT_DASHBOARD_HOST'] || DEFAULT_DASHBOARD_HOST).replace(/\/+$/, '');
}

/** docs/contract.md: keep the configured org if the account still has it, else the first one. */
export function chooseActiveOrg(orgs: Organization[], current: string | undefined): Organization | undefined {
  return orgs.find((org) => org.name === current) ?? orgs[0];
}

/** Fetches the user and their organizations concurrently and picks the active org. */
export async function loadAccount(
  api: Pick<PipecatApi, 'getUser' | 'getOrganizations'>,
  token: string,
  currentOrg: string | undefined,
): Promise<AccountSummary> {
  const [user, organizations] = await Promise.all([api.getUser(token), api.getOrganizations(token)]);
  return { user, organizations, activeOrg: chooseActiveOrg(organizations, currentOrg) };
}

export function noOrganizationError(dashboardHost: string = DEFAULT_DASHBOARD_HOST): UserFacingError {
  return new UserFacingError(
    `Your account has no organization yet: finish setting it up at ${dashboardHost}, then sign in again.`,
    'no_organization',
  );
}
