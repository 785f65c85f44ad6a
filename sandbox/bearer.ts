import type Provider from 'oidc-provider';

import type { AccountDirectory } from './accounts.js';
import { PAT_PREFIX, type PatStore } from './pats.js';
import type { SandboxAccount, SandboxOrganization } from './types.js';

export type Principal =
  | { kind: 'oauth'; account: SandboxAccount; grantId: string }
  | { kind: 'pat'; account: SandboxAccount; orgs: ReadonlySet<string> | undefined };

export interface BearerDeps {
  provider: Provider;
  accounts: AccountDirectory;
  pats: PatStore;
}

/** Checks a bearer token for real: unknown, expired and revoked tokens give `undefined`. */
export async function authenticateBearer(token: string, deps: BearerDeps): Promise<Principal | undefined> {
  if (token.startsWith(PAT_PREFIX)) {
    const pat = deps.pats.find(token);
    const account = pat && deps.accounts.byId(pat.userId);
    return account && pat ? { kind: 'pat', account, orgs: pat.orgs } : undefined;
  }
  const accessToken = await deps.provider.AccessToken.find(token);
  if (!accessToken || accessToken.isExpired) return undefined;
  const grant = await deps.provider.Grant.find(accessToken.grantId);
  const account = deps.accounts.byId(accessToken.accountId);
  if (!grant || !account) return undefined;
  return { kind: 'oauth', account, grantId: accessToken.grantId };
}

export function visibleOrganizations(principal: Principal): SandboxOrganization[] {
  const { organizations } = principal.account;
  if (principal.kind === 'oauth' || principal.orgs === undefined) return organizations;
  const allowed = principal.orgs;
  return organizations.filter((org) => allowed.has(org.name));
}
