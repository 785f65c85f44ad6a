import { chooseActiveOrg } from '../api/account.js';
import type { PipecatApi } from '../api/pipecat-api.js';
import type { Organization } from '../api/types.js';
import { requireSignedIn, type CredentialsReader } from './signed-in.js';

export interface OrganizationsDependencies {
  store: CredentialsReader;
  api: Pick<PipecatApi, 'getOrganizations'>;
}

export interface OrganizationChoice extends Organization {
  active: boolean;
}

export interface OrganizationList {
  /** In the API's order; exactly one is active unless the list is empty. */
  organizations: OrganizationChoice[];
  active: Organization | undefined;
}

/** The organizations the signed-in token can see, the active one marked (the file's, else the first). */
export async function listOrganizations(deps: OrganizationsDependencies): Promise<OrganizationList> {
  const credentials = await requireSignedIn(deps.store);
  const organizations = await deps.api.getOrganizations(credentials.token);
  const active = chooseActiveOrg(organizations, credentials.org);
  return {
    organizations: organizations.map((org) => ({ ...org, active: org === active })),
    active,
  };
}
