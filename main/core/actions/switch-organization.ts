import { noOrganizationError } from '../api/account.js';
import type { Organization } from '../api/types.js';
import { displayText } from '../../shared/display-text.js';
import { UserFacingError } from '../errors.js';
import type { OrganizationsDependencies } from './list-organizations.js';
import { requireSignedIn } from './signed-in.js';

export interface SwitchOrganizationDependencies extends OrganizationsDependencies {
  store: OrganizationsDependencies['store'] & { setOrg(org: string): Promise<void> };
  dashboardHost?: string;
}

export interface SwitchOrganizationResult {
  organization: Organization;
  /** False when the file already named it (the file is then left as it is). */
  changed: boolean;
}

/**
 * Makes `name` the active organization: only `org` changes in the file (plus an empty `[name]`
 * table if the CLI had none, as `pipecat cloud organizations select` does). The name must be one the
 * signed-in token can see, so the CLI never starts with an org it cannot use.
 */
export async function switchOrganization(
  deps: SwitchOrganizationDependencies,
  name: string,
): Promise<SwitchOrganizationResult> {
  const wanted = name.trim();
  const credentials = await requireSignedIn(deps.store);
  const organizations = await deps.api.getOrganizations(credentials.token);
  if (organizations.length === 0) throw noOrganizationError(deps.dashboardHost);
  const organization = organizations.find((org) => org.name === wanted);
  if (!organization) throw unknownOrganization(wanted, organizations);
  if (credentials.org === organization.name) return { organization, changed: false };
  await deps.store.setOrg(organization.name);
  return { organization, changed: true };
}

function unknownOrganization(wanted: string, organizations: Organization[]): UserFacingError {
  const names = organizations.map((org) => displayText(org.name)).join(', ');
  return new UserFacingError(
    `This account has no organization named ${JSON.stringify(displayText(wanted.slice(0, 100)))}; choose one of: ${names}.`,
    'org_unknown',
  );
}
