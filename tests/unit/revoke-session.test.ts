import { describe, expect, it } from 'vitest';
import type { LogoutOutcome } from '../../main/core/api/logout.js';
import { revokeSession, type SessionToRevoke } from '../../main/core/revocation/revoke-session.js';
import { RefreshFailure } from '../../main/core/session/token-refresh.js';

const SESSION: SessionToRevoke = { apiHost: 'https://api.example', accessToken: 'a1', refreshToken: 'r1' };

function fakes(
  answers: LogoutOutcome[],
  refresh: () => Promise<{ accessToken: string; refreshToken: string }>,
) {
  const calls: string[] = [];
  return {
    calls,
    deps: {
      api: {
        logout: async (accessToken: string, refreshToken: string): Promise<LogoutOutcome> => {
          calls.push(`logout ${accessToken} ${refreshToken}`);
          return answers.shift() ?? { kind: 'unreachable', reason: 'network' };
        },
      },
      refresh: async (refreshToken: string) => {
        calls.push(`refresh ${refreshToken}`);
        return { ...(await refresh()), expiresAt: 0 };
      },
    },
  };
}

const never = async (): Promise<never> => {
  throw new Error('no refresh expected');
};

describe('revokeSession: one try', () => {
  it('2xx: revoked, with one request', async () => {
    const { deps, calls } = fakes([{ kind: 'revoked', status: 200 }], never);
    await expect(revokeSession(SESSION, deps)).resolves.toEqual({ kind: 'revoked' });
    expect(calls).toEqual(['logout a1 r1']);
  });

  it('503 or no answer: not revoked, the same session to try again with', async () => {
    for (const why of [
      { kind: 'service_down', status: 503 },
      { kind: 'unreachable', reason: 'timeout' },
      { kind: 'not_confirmed', status: 500 },
    ] as const) {
      const { deps, calls } = fakes([why], never);
      await expect(revokeSession(SESSION, deps)).resolves.toEqual({
        kind: 'not_revoked',
        why,
        session: SESSION,
      });
      expect(calls).toEqual(['logout a1 r1']);
    }
  });

  it('401, and the provider says the refresh token is dead: the session had already ended', async () => {
    const { deps, calls } = fakes([{ kind: 'not_confirmed', status: 401 }], async () => {
      throw new RefreshFailure('invalid_grant', 'dead');
    });
    await expect(revokeSession(SESSION, deps)).resolves.toEqual({ kind: 'already_ended' });
    expect(calls).toEqual(['logout a1 r1', 'refresh r1']);
  });

  it('401 with a live refresh token (the access token expired): asks again with fresh tokens', async () => {
    const fresh = async () => ({ accessToken: 'a2', refreshToken: 'r2' });
    const revoked = fakes(
      [
        { kind: 'not_confirmed', status: 401 },
        { kind: 'revoked', status: 204 },
      ],
      fresh,
    );
    await expect(revokeSession(SESSION, revoked.deps)).resolves.toEqual({ kind: 'revoked' });
    expect(revoked.calls).toEqual(['logout a1 r1', 'refresh r1', 'logout a2 r2']);
    const down = fakes(
      [
        { kind: 'not_confirmed', status: 403 },
        { kind: 'service_down', status: 503 },
      ],
      fresh,
    );
    await expect(revokeSession(SESSION, down.deps)).resolves.toEqual({
      kind: 'not_revoked',
      why: { kind: 'service_down', status: 503 },
      session: { ...SESSION, accessToken: 'a2', refreshToken: 'r2' },
    });
  });

  it('401 on the first try at a session signed out elsewhere: taken as ended, the provider not asked', async () => {
    const { deps, calls } = fakes([{ kind: 'not_confirmed', status: 401 }], never);
    await expect(revokeSession(SESSION, deps, { askProviderIfRefused: false })).resolves.toEqual({
      kind: 'already_ended',
    });
    expect(calls).toEqual(['logout a1 r1']);
  });

  it('401 and the provider cannot be asked: not revoked, the same session', async () => {
    const { deps } = fakes([{ kind: 'not_confirmed', status: 401 }], async () => {
      throw new RefreshFailure('transient', 'down');
    });
    await expect(revokeSession(SESSION, deps)).resolves.toMatchObject({
      kind: 'not_revoked',
      session: SESSION,
    });
  });
});
