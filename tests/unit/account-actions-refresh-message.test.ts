import { describe, expect, it } from 'vitest';
import { describeRefreshOutcome, refreshLogLine } from '../../main/core/actions/refresh-message.js';
import { UserFacingError } from '../../main/core/errors.js';
import { RefreshFailure } from '../../main/core/session/token-refresh.js';

const OAUTH = { token: 'access', refreshToken: 'refresh', tokenExpiresAt: 1_800_000_000.75 };

describe('describeRefreshOutcome', () => {
  it('reports the new expiry, in UTC to the second', () => {
    expect(describeRefreshOutcome({ kind: 'refreshed', credentials: OAUTH })).toEqual({
      ok: true,
      message: 'Refreshed the access token; it now expires at 2027-01-15T08:00:00Z.',
    });
  });

  it('counts a refresh another program just made as fresh', () => {
    const report = describeRefreshOutcome({ kind: 'adopted', credentials: OAUTH });
    expect(report.ok).toBe(true);
    expect(report.message).toContain('Another program');
  });

  it('tells a PAT, a missing session and a missing refresh token apart', () => {
    const pat = { token: 'pcc_pat_x', refreshToken: '', tokenExpiresAt: 0 };
    const noRefresh = { token: 'access', refreshToken: '', tokenExpiresAt: 1 };
    const messages = [pat, undefined, noRefresh].map((credentials) =>
      describeRefreshOutcome({ kind: 'no_session', credentials }),
    );
    expect(messages.map((m) => m.ok)).toEqual([false, false, false]);
    expect(messages[0]?.message).toContain('personal access token');
    expect(messages[1]?.message).toBe('Not signed in: there is nothing to refresh.');
    expect(messages[2]?.message).toContain('no refresh token');
  });

  it('says the session ended, or why a refresh failed, or what is wrong with the file', () => {
    expect(describeRefreshOutcome({ kind: 'expired', credentials: OAUTH }).message).toContain(
      'sign in again',
    );
    const failure = new RefreshFailure('transient', 'The identity provider could not be reached.');
    expect(
      describeRefreshOutcome({ kind: 'failed', failure, credentials: OAUTH, retryAtMs: undefined }),
    ).toEqual({
      ok: false,
      message: 'Could not refresh the session: The identity provider could not be reached.',
    });
    const error = new UserFacingError('/x.toml is not valid TOML.', 'credentials_unparseable');
    expect(describeRefreshOutcome({ kind: 'file_error', error })).toEqual({
      ok: false,
      message: error.message,
    });
    expect(describeRefreshOutcome({ kind: 'file_error', error: new Error('boom') }).message).not.toContain(
      'boom',
    );
  });
});

describe('refreshLogLine (the daemon)', () => {
  const failure = new RefreshFailure('transient', 'The identity provider could not be reached.');

  it('logs what a background refresh did, with the next check where one is planned', () => {
    expect(refreshLogLine({ kind: 'refreshed', credentials: OAUTH }, 'in 12 min')).toBe(
      'refreshed the access token; next check in 12 min',
    );
    expect(refreshLogLine({ kind: 'adopted', credentials: OAUTH }, undefined)).toBe(
      'took the newer token written by another program',
    );
    expect(
      refreshLogLine({ kind: 'failed', failure, credentials: OAUTH, retryAtMs: undefined }, 'in 2 min'),
    ).toBe('refresh failed: The identity provider could not be reached.; next check in 2 min');
  });

  it('says the session is over, or that the file waits to be fixed, without a next check', () => {
    expect(refreshLogLine({ kind: 'expired', credentials: OAUTH }, 'in 1 min')).toBe(
      'the refresh token was refused: the session is over, sign in again',
    );
    expect(refreshLogLine({ kind: 'file_error', error: new Error('boom') }, 'in 1 min')).toBe(
      'cannot use the credentials file right now; waiting for it to be fixed',
    );
  });

  it('is quiet when nothing happened', () => {
    expect(refreshLogLine({ kind: 'not_due', credentials: OAUTH }, 'in 1 h')).toBeUndefined();
    expect(refreshLogLine({ kind: 'no_session', credentials: undefined }, undefined)).toBeUndefined();
  });
});
