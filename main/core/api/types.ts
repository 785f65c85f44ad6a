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
  return user.email ?? user.userId;
}
