import { displayText } from '../../shared/display-text.js';

export interface PipecatUser {
  userId: string;
  /** The first email of the account; undefined when the account has none. */
  email: string | undefined;
}

export interface Organization {
  name: string;
  verboseName: string;
}

/** Who is signed in, as the tray and `status` show it. */
export interface AccountSummary {
  user: PipecatUser;
  organizations: Organization[];
  activeOrg: Organization | undefined;
}

/** What the user sees as their name: the email, else the user id (docs/contract.md). */
export function displayName(user: PipecatUser): string {
  return displayText(user.email ?? user.userId);
}

/** "Acme Inc. (acme)": how every shell names an organization, safe to show. */
export function organizationLabel(org: Organization): string {
  return `${displayText(org.verboseName)} (${displayText(org.name)})`;
}
