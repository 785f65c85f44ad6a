import { describe, expect, it } from 'vitest';
import { signOut, type SignOutDependencies } from '../../main/core/actions/sign-out.js';
import { signOutMessage, type SignOutOutcome } from '../../main/core/actions/sign-out-message.js';
import type { LogoutOutcome } from '../../main/core/api/logout.js';
import type { StoredCredentials } from '../../main/core/credentials/index.js';

const CONTEXT = {
  apiHost: 'https://api.example',
  configPath: '/tmp/p.toml',
  dashboardHost: 'https://dash.example',
};
const OUTCOMES: SignOutOutcome[] = [
  { kind: 'revoked' },
  { kind: 'service_down' },
  { kind: 'unreachable' },
  { kind: 'not_confirmed', status: 500 },
  { kind: 'pat' },
  { kind: 'no_refresh_token' },
  { kind: 'not_signed_in' },
];

describe('signOutMessage', () => {
  it('gives every outcome its own single sentence', () => {
    const messages = OUTCOMES.map((outcome) => signOutMessage(outcome, CONTEXT));
    expect(new Set(messages).size).toBe(OUTCOMES.length);
    for (const message of messages) expect(message).toMatch(/^[A-Z][^\n]*\.$/);
  });

  it('says the token stays valid whenever the revocation was not confirmed', () => {
    for (const kind of ['service_down', 'unreachable', 'not_confirmed', 'no_refresh_token'] as const) {
      const outcome = (kind === 'not_confirmed' ? { kind, status: 500 } : { kind }) as SignOutOutcome;
      expect(signOutMessage(outcome, CONTEXT)).toContain('stays valid for up to 24 h');
    }
    expect(signOutMessage({ kind: 'revoked' }, CONTEXT)).not.toContain('stays valid');
  });

  it('names the status, the revocation service, the dashboard and the file where they matter', () => {
    expect(signOutMessage({ kind: 'not_confirmed', status: 418 }, CONTEXT)).toContain('HTTP 418');
    expect(signOutMessage({ kind: 'service_down' }, CONTEXT)).toContain('revocation service is down');
    expect(signOutMessage({ kind: 'pat' }, CONTEXT)).toContain('https://dash.example');
    expect(signOutMessage({ kind: 'not_signed_in' }, CONTEXT)).toContain('/tmp/p.toml');
  });
});

function fakes(
  credentials: StoredCredentials | undefined,
  answer: LogoutOutcome = { kind: 'revoked', status: 200 },
) {
  const events: string[] = [];
  const deps: SignOutDependencies = {
    store: {
      apiHost: CONTEXT.apiHost,
      path: CONTEXT.configPath,
      read: async () => credentials,
      clear: async () => void events.push('clear'),
    },
    api: {
      logout: async (accessToken, refreshToken, timeoutMs) => {
        events.push(`logout ${accessToken} ${refreshToken} ${timeoutMs ?? 'default'}`);
        return answer;
      },
    },
  };
  return { deps, events };
}

const OAUTH = { token: 'access', refreshToken: 'refresh', tokenExpiresAt: 1 };

describe('signOut', () => {
  it.each<[LogoutOutcome, SignOutOutcome['kind']]>([
    [{ kind: 'revoked', status: 204 }, 'revoked'],
    [{ kind: 'service_down', status: 503 }, 'service_down'],
    [{ kind: 'unreachable', reason: 'timeout' }, 'unreachable'],
    [{ kind: 'unreachable', reason: 'network' }, 'unreachable'],
    [{ kind: 'not_confirmed', status: 500 }, 'not_confirmed'],
  ])('clears the file first, then revokes: %o → %s', async (answer, kind) => {
    const { deps, events } = fakes(OAUTH, answer);
    deps.logoutTimeoutMs = 5;
    const result = await signOut(deps);
    expect(result.outcome.kind).toBe(kind);
    expect(result.removed).toBe(true);
    expect(events).toEqual(['clear', 'logout access refresh 5']);
  });

  it('never sends a personal access token to /auth/logout', async () => {
    for (const refreshToken of ['', 'stray']) {
      const { deps, events } = fakes({ token: 'pcc_pat_x', refreshToken, tokenExpiresAt: 0 });
      const result = await signOut(deps);
      expect(result.outcome.kind).toBe('pat');
      expect(events).toEqual(['clear']);
    }
  });

  it('does not call /auth/logout without a refresh token', async () => {
    const { deps, events } = fakes({ token: 'access', refreshToken: '', tokenExpiresAt: 1 });
    expect((await signOut(deps)).outcome.kind).toBe('no_refresh_token');
    expect(events).toEqual(['clear']);
  });

  it('touches nothing when signed out', async () => {
    const { deps, events } = fakes(undefined);
    const result = await signOut(deps);
    expect(result).toMatchObject({ outcome: { kind: 'not_signed_in' }, removed: false });
    expect(events).toEqual([]);
  });
});
