import { describe, expect, it } from 'vitest';
import { signOut, type SignOutDependencies } from '../../main/core/actions/sign-out.js';
import {
  signOutMessage,
  type SignOutMessageContext,
  type SignOutOutcome,
} from '../../main/core/actions/sign-out-message.js';
import type { StoredCredentials } from '../../main/core/credentials/index.js';
import type { RevocationAnswer, SessionToRevoke } from '../../main/core/revocation/revoke-session.js';

const CONTEXT: SignOutMessageContext = {
  apiHost: 'https://api.example',
  configPath: '/tmp/p.toml',
  dashboardHost: 'https://dash.example',
  retrying: false,
};
const EXPIRES_AT = Date.UTC(2030, 0, 2, 3, 4, 5) / 1000 + 0.25;
const OUTCOMES: SignOutOutcome[] = [
  { kind: 'revoked' },
  { kind: 'already_ended' },
  { kind: 'service_down' },
  { kind: 'unreachable' },
  { kind: 'not_confirmed', status: 500 },
  { kind: 'pat' },
  { kind: 'no_refresh_token', tokenExpiresAt: EXPIRES_AT },
  { kind: 'not_signed_in' },
];
const UNCONFIRMED: SignOutOutcome[] = [
  { kind: 'service_down' },
  { kind: 'unreachable' },
  { kind: 'not_confirmed', status: 500 },
];

describe('signOutMessage', () => {
  it('gives every outcome its own message, on one line', () => {
    const messages = OUTCOMES.map((outcome) => signOutMessage(outcome, CONTEXT));
    expect(new Set(messages).size).toBe(OUTCOMES.length);
    for (const message of messages) expect(message).toMatch(/^[A-Z][^\n]*\.$/);
  });

  it('says the session can still be refreshed until it is revoked, never a made-up lifetime', () => {
    for (const outcome of UNCONFIRMED) {
      for (const retrying of [false, true]) {
        const message = signOutMessage(outcome, { ...CONTEXT, retrying });
        expect(message).toContain('the session can still be refreshed until it is revoked');
        expect(message).not.toMatch(/24 h|hours/);
      }
    }
    expect(signOutMessage({ kind: 'revoked' }, CONTEXT)).not.toContain('refreshed');
  });

  it('the terminal says how to retry; the tray and the daemon say they keep trying', () => {
    for (const outcome of UNCONFIRMED) {
      expect(signOutMessage(outcome, CONTEXT)).toContain(
        'To retry, sign out while `pipecat-tray daemon` or the tray app runs for this file',
      );
      expect(signOutMessage(outcome, { ...CONTEXT, retrying: true })).toContain(
        'this app keeps trying to revoke it in the background until Pipecat Cloud confirms',
      );
    }
  });

  it('without a refresh token, says until when the access token stays valid', () => {
    expect(signOutMessage({ kind: 'no_refresh_token', tokenExpiresAt: EXPIRES_AT }, CONTEXT)).toBe(
      'Signed out on this machine; there was no refresh token to revoke, so the access token stays valid until it expires at 2030-01-02T03:04:05Z.',
    );
    expect(signOutMessage({ kind: 'no_refresh_token', tokenExpiresAt: 0 }, CONTEXT)).toMatch(
      /stays valid until it expires\.$/,
    );
  });

  it('names the status, the revocation service, the dashboard and the file where they matter', () => {
    expect(signOutMessage({ kind: 'not_confirmed', status: 418 }, CONTEXT)).toContain('HTTP 418');
    expect(signOutMessage({ kind: 'service_down' }, CONTEXT)).toContain('revocation service is down');
    expect(signOutMessage({ kind: 'pat' }, CONTEXT)).toContain('https://dash.example');
    expect(signOutMessage({ kind: 'not_signed_in' }, CONTEXT)).toContain('/tmp/p.toml');
  });
});

const OAUTH = { token: 'access', refreshToken: 'refresh', tokenExpiresAt: 1 };

function fakes(credentials: StoredCredentials | undefined, answer: RevocationAnswer = { kind: 'revoked' }) {
  const events: string[] = [];
  const sessions: SessionToRevoke[] = [];
  const deps: SignOutDependencies = {
    store: {
      apiHost: CONTEXT.apiHost,
      path: CONTEXT.configPath,
      read: async () => credentials,
      clear: async () => void events.push('clear'),
    },
    revoke: async (session) => {
      events.push('revoke');
      sessions.push(session);
      return answer;
    },
    retriesInBackground: false,
  };
  return { deps, events, sessions };
}

const notRevoked = (why: Extract<RevocationAnswer, { kind: 'not_revoked' }>['why']): RevocationAnswer => ({
  kind: 'not_revoked',
  why,
  session: { apiHost: CONTEXT.apiHost, accessToken: 'a2', refreshToken: 'r2' },
});

describe('signOut', () => {
  it.each<[RevocationAnswer, SignOutOutcome]>([
    [{ kind: 'revoked' }, { kind: 'revoked' }],
    [{ kind: 'already_ended' }, { kind: 'already_ended' }],
    [notRevoked({ kind: 'service_down', status: 503 }), { kind: 'service_down' }],
    [notRevoked({ kind: 'unreachable', reason: 'timeout' }), { kind: 'unreachable' }],
    [notRevoked({ kind: 'not_confirmed', status: 500 }), { kind: 'not_confirmed', status: 500 }],
  ])('clears the file first, then revokes: %o → %o', async (answer, outcome) => {
    const { deps, events, sessions } = fakes(OAUTH, answer);
    const result = await signOut(deps);
    expect(result.outcome).toEqual(outcome);
    expect(result.removed).toBe(true);
    expect(events).toEqual(['clear', 'revoke']);
    expect(sessions).toEqual([{ apiHost: CONTEXT.apiHost, accessToken: 'access', refreshToken: 'refresh' }]);
  });

  it('says the app keeps trying when its revoke goes on in the background', async () => {
    const { deps } = fakes(OAUTH, notRevoked({ kind: 'service_down', status: 503 }));
    deps.retriesInBackground = true;
    expect((await signOut(deps)).message).toContain('keeps trying to revoke it in the background');
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
    expect((await signOut(deps)).outcome).toEqual({ kind: 'no_refresh_token', tokenExpiresAt: 1 });
    expect(events).toEqual(['clear']);
  });

  it('touches nothing when signed out', async () => {
    const { deps, events } = fakes(undefined);
    const result = await signOut(deps);
    expect(result).toMatchObject({ outcome: { kind: 'not_signed_in' }, removed: false });
    expect(events).toEqual([]);
  });
});
