import { describe, expect, it } from 'vitest';
import { listOrganizations } from '../../main/core/actions/list-organizations.js';
import {
  switchOrganization,
  type SwitchOrganizationDependencies,
} from '../../main/core/actions/switch-organization.js';
import type { Organization } from '../../main/core/api/types.js';
import type { StoredCredentials } from '../../main/core/credentials/index.js';
import { ORGS } from './support/account-view.js';

function fakes(credentials: StoredCredentials | undefined, orgs: Organization[] = ORGS) {
  const setOrgs: string[] = [];
  const deps: SwitchOrganizationDependencies = {
    store: {
      apiHost: 'https://api.example',
      read: async () => credentials,
      setOrg: async (org) => void setOrgs.push(org),
    },
    api: { getOrganizations: async () => orgs },
  };
  return { deps, setOrgs };
}

const SIGNED_IN = { token: 'pcc_pat_x', refreshToken: '', tokenExpiresAt: 0, org: 'second-org' };

describe('listOrganizations', () => {
  it('marks the file`s org as active', async () => {
    const { organizations, active } = await listOrganizations(fakes(SIGNED_IN).deps);
    expect(organizations.map((org) => org.active)).toEqual([false, true]);
    expect(active?.name).toBe('second-org');
  });

  it('marks the first when the file names none the token can see', async () => {
    const { organizations } = await listOrganizations(fakes({ ...SIGNED_IN, org: 'gone' }).deps);
    expect(organizations.map((org) => org.active)).toEqual([true, false]);
  });

  it('needs a sign-in', async () => {
    await expect(listOrganizations(fakes(undefined).deps)).rejects.toMatchObject({ code: 'not_signed_in' });
  });
});

describe('switchOrganization', () => {
  it('writes only through setOrg', async () => {
    const { deps, setOrgs } = fakes(SIGNED_IN);
    await expect(switchOrganization(deps, ' acme ')).resolves.toEqual({
      organization: ORGS[0],
      changed: true,
    });
    expect(setOrgs).toEqual(['acme']);
  });

  it('leaves the file alone when it already names that org', async () => {
    const { deps, setOrgs } = fakes(SIGNED_IN);
    await expect(switchOrganization(deps, 'second-org')).resolves.toMatchObject({ changed: false });
    expect(setOrgs).toEqual([]);
  });

  it('refuses an unknown name and lists the valid ones', async () => {
    const { deps, setOrgs } = fakes(SIGNED_IN);
    await expect(switchOrganization(deps, 'nope')).rejects.toMatchObject({
      code: 'org_unknown',
      message: 'This account has no organization named "nope"; choose one of: acme, second-org.',
    });
    expect(setOrgs).toEqual([]);
  });

  it('points an account without organizations to onboarding', async () => {
    await expect(switchOrganization(fakes(SIGNED_IN, []).deps, 'acme')).rejects.toMatchObject({
      code: 'no_organization',
    });
  });
});
