import { describe, expect, it } from 'vitest';
import {
  usePersonalAccessToken,
  type UsePersonalAccessTokenDependencies,
} from '../../main/core/actions/use-personal-access-token.js';
import type { Organization } from '../../main/core/api/types.js';
import type { StoredCredentials } from '../../main/core/credentials/index.js';
import { UserFacingError } from '../../main/core/errors.js';
import { ORGS } from './support/account-view.js';

const PAT = 'pcc_pat_unit0123456789';

function fakes(options: { current?: StoredCredentials; orgs?: Organization[]; reject?: boolean } = {}) {
  const calls: string[] = [];
  const written: StoredCredentials[] = [];
  const refuse = (): never => {
    throw new UserFacingError('rejected', 'token_rejected');
  };
  const deps: UsePersonalAccessTokenDependencies = {
    store: {
      readOrg: async () => options.current?.org,
      write: async (credentials) => void written.push(credentials),
    },
    api: {
      getOrganizations: async () => {
        calls.push('orgs');
        return options.reject ? refuse() : (options.orgs ?? ORGS);
      },
      getUser: async () => {
        calls.push('user');
        return options.reject ? refuse() : { userId: 'user_1', email: 'dev@example.com' };
      },
    },
  };
  return { deps, calls, written };
}

describe('the token check before any request', () => {
  /** The code usePersonalAccessToken refuses `input` with, after proving it sent and wrote nothing. */
  async function refusal(input: string): Promise<UserFacingError> {
    const { deps, calls, written } = fakes();
    const error: unknown = await usePersonalAccessToken(deps, input).then(
      () => expect.unreachable(),
      (caught: unknown) => caught,
    );
    expect(calls).toEqual([]);
    expect(written).toEqual([]);
    if (!(error instanceof UserFacingError)) throw new Error('not a UserFacingError');
    return error;
  }

  it('accepts a pcc_pat_ token, trimmed of the whitespace a paste brings', async () => {
    const { deps, written } = fakes();
    await usePersonalAccessToken(deps, `  ${PAT}\t`);
    expect(written[0]?.token).toBe(PAT);
  });

  it.each([
    ['an OAuth access token', 'eyJhbGciOiJSUzI1NiJ9.abc.sig'],
    ['another case', 'PCC_PAT_abc'],
    ['the prefix alone', 'pcc_pat_'],
    ['two words', 'pcc_pat_abc def'],
    ['a prefix in the middle', 'x pcc_pat_abc'],
  ])('refuses %s as pat_invalid_prefix', async (_name, input) => {
    expect((await refusal(input)).code).toBe('pat_invalid_prefix');
  });

  it('says when nothing was given', async () => {
    expect((await refusal(' \n')).code).toBe('pat_missing');
  });

  it('never repeats the input in its message', async () => {
    expect((await refusal('secret-looking-value')).message.includes('secret-looking-value')).toBe(false);
  });
});

describe('usePersonalAccessToken', () => {
  it('makes no request and writes nothing for a bad prefix', async () => {
    const { deps, calls, written } = fakes();
    await expect(usePersonalAccessToken(deps, 'not-a-pat')).rejects.toMatchObject({
      code: 'pat_invalid_prefix',
    });
    expect(calls).toEqual([]);
    expect(written).toEqual([]);
  });

  it('turns a 401 into pat_rejected and writes nothing', async () => {
    const { deps, written } = fakes({ reject: true });
    await expect(usePersonalAccessToken(deps, PAT)).rejects.toMatchObject({
      code: 'pat_rejected',
      message: 'Pipecat Cloud did not accept this personal access token.',
    });
    expect(written).toEqual([]);
  });

  it('points an account without organizations to the dashboard', async () => {
    const { deps, written } = fakes({ orgs: [] });
    deps.dashboardHost = 'https://dash.example';
    await expect(usePersonalAccessToken(deps, PAT)).rejects.toMatchObject({
      code: 'no_organization',
      message: expect.stringContaining('https://dash.example') as unknown,
    });
    expect(written).toEqual([]);
  });

  it('stores it as the CLI does, keeping an org the PAT can see', async () => {
    const current = { token: 'old', refreshToken: 'old-refresh', tokenExpiresAt: 1, org: 'second-org' };
    const { deps, written } = fakes({ current });
    const account = await usePersonalAccessToken(deps, PAT);
    expect(written).toEqual([{ token: PAT, refreshToken: '', tokenExpiresAt: 0, org: 'second-org' }]);
    expect(account.activeOrg).toEqual(ORGS[1]);
    expect(account.user.email).toBe('dev@example.com');
  });

  it('falls back to the first org when the current one is not visible', async () => {
    const current = { token: 'old', refreshToken: '', tokenExpiresAt: 0, org: 'gone' };
    const { deps, written } = fakes({ current });
    await usePersonalAccessToken(deps, PAT);
    expect(written[0]?.org).toBe('acme');
  });
});
