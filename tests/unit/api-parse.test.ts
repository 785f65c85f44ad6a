import { describe, expect, it } from 'vitest';
import { chooseActiveOrg } from '../../main/core/api/account.js';
import { parseOrganizations, parseUser } from '../../main/core/api/parse.js';
import { tokenSetFrom } from '../../main/core/sign-in/exchange-code.js';

describe('API response parsing', () => {
  it('takes the first email, falling back to the user id', () => {
    expect(
      parseUser({ user: { userId: 'u1', emails: [{ emailAddress: 'a@x' }, { emailAddress: 'b@x' }] } }),
    ).toEqual({
      userId: 'u1',
      email: 'a@x',
    });
    expect(parseUser({ user: { userId: 'u1', emails: [] } })).toEqual({ userId: 'u1', email: undefined });
    expect(parseUser({ user: {} })).toBeUndefined();
    expect(parseUser('nope')).toBeUndefined();
  });

  it('reads organizations and skips malformed entries', () => {
    expect(
      parseOrganizations({
        organizations: [{ name: 'a', verboseName: 'A' }, { name: 'b' }, { verboseName: 'x' }, 3],
      }),
    ).toEqual([
      { name: 'a', verboseName: 'A' },
      { name: 'b', verboseName: 'b' },
    ]);
    expect(parseOrganizations({})).toBeUndefined();
  });

  it('keeps the configured org if the account has it, else takes the first', () => {
    const orgs = [
      { name: 'a', verboseName: 'A' },
      { name: 'b', verboseName: 'B' },
    ];
    expect(chooseActiveOrg(orgs, 'b')?.name).toBe('b');
    expect(chooseActiveOrg(orgs, 'gone')?.name).toBe('a');
    expect(chooseActiveOrg([], 'a')).toBeUndefined();
  });
});

describe('tokenSetFrom', () => {
  it('computes a float expiry the way the CLI does, defaulting to one day', () => {
    const now = 1_800_000_000_123;
    expect(tokenSetFrom({ access_token: 'a', refresh_token: 'r', expires_in: 3600 }, now)).toEqual({
      accessToken: 'a',
      refreshToken: 'r',
      expiresAt: 1_800_003_600.123,
    });
    expect(tokenSetFrom({ access_token: 'a' }, now).expiresAt).toBeCloseTo(1_800_086_400.123, 3);
    expect(tokenSetFrom({ access_token: 'a' }, now).refreshToken).toBe('');
  });
});
