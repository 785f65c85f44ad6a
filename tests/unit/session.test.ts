import { afterEach, describe, expect, it } from 'vitest';
import { PipecatApi } from '../../main/core/api/pipecat-api.js';
import { DEFAULT_API_HOST, type StoredCredentials } from '../../main/core/credentials/index.js';
import type { Fetch } from '../../main/core/http/fetch.js';
import type { AccountState } from '../../main/core/session/account-state.js';
import { refreshMarginSeconds } from '../../main/core/session/refresh-policy.js';
import type { Refresher } from '../../main/core/session/refresher.js';
import { AccountSession } from '../../main/core/session/session.js';
import {
  FAKE_CONFIG_PATH,
  FakeCredentialsStore,
  FakeLock,
  WATCH_SETTLE_MS,
} from './support/fake-credentials.js';
import { FakeProvider } from './support/fake-provider.js';
import { refresherOverFakes } from './support/refresher-over-fakes.js';
import { VirtualClock } from './support/virtual-clock.js';

const DAY_S = 86_400;
const MINUTE_MS = 60_000;
const PAT = 'pcc_pat_0123456789abcdef';
const ORGS = [
  { name: 'acme', verboseName: 'Acme Inc.' },
  { name: 'beta', verboseName: 'Beta Labs' },
];

/** The account endpoints of docs/contract.md, answering for tokens the fake provider issued (and one PAT). */
function fakeApi(provider: FakeProvider): { fetch: Fetch; stats: { requests: number; down: boolean } } {
  const stats = { requests: 0, down: false };
  const json = (status: number, body: unknown): Response =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch: Fetch = async (input, init) => {
    stats.requests += 1;
    if (stats.down) throw new TypeError('fetch failed');
    const url = new URL(input instanceof Request ? input.url : input);
    const token = new Headers(init?.headers).get('authorization')?.replace(/^Bearer /, '') ?? '';
    if (token !== PAT && !provider.isAccessTokenValid(token)) return json(401, { error: 'unauthorized' });
    if (url.pathname === '/v1/users') {
      return json(200, { user: { userId: 'user_2abc', emails: [{ emailAddress: 'dev@example.com' }] } });
    }
    if (url.pathname === '/v1/organizations') return json(200, { organizations: ORGS });
    return json(404, { error: 'not found' });
  };
  return { fetch, stats };
}

interface Harness {
  clock: VirtualClock;
  provider: FakeProvider;
  store: FakeCredentialsStore;
  refresher: Refresher;
  session: AccountSession;
  api: { requests: number; down: boolean };
  states: AccountState[];
}

const sessions: AccountSession[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.stop();
});

function harness(initial?: (provider: FakeProvider) => StoredCredentials): Harness {
  const clock = new VirtualClock({ seed: 99 });
  const provider = new FakeProvider({ clock });
  const store = new FakeCredentialsStore(initial?.(provider), { clock });
  const refresher = refresherOverFakes({ store, provider, lock: new FakeLock(), clock });
  const { fetch, stats } = fakeApi(provider);
  const session = new AccountSession({
    store,
    api: PipecatApi.create(DEFAULT_API_HOST, fetch),
    refresher,
    watch: (onChange) => store.watch(onChange),
    now: () => clock.now(),
  });
  sessions.push(session);
  const states: AccountState[] = [];
  session.subscribe((state) => states.push(state));
  return { clock, provider, store, refresher, session, api: stats, states };
}

/** Lets the watcher report, and the reload and the profile requests run. */
const settle = (h: Harness): Promise<void> => h.clock.advance(WATCH_SETTLE_MS);

/** Starts the session and lets its first check (and what that changes) finish. */
async function start(h: Harness): Promise<void> {
  await h.session.start();
  await settle(h);
}

const base = { apiHost: DEFAULT_API_HOST, configPath: FAKE_CONFIG_PATH };
const profile = {
  email: 'dev@example.com',
  userId: 'user_2abc',
  organizations: ORGS,
  org: 'acme',
  orgVerboseName: 'Acme Inc.',
};
const dueMs = (creds: StoredCredentials): number =>
  (creds.tokenExpiresAt - refreshMarginSeconds(DAY_S)) * 1000;

/** The statuses subscribers saw, one entry per change of status. */
function statusChanges(states: AccountState[]): string[] {
  return states.map((s) => s.status).filter((status, i, all) => i === 0 || status !== all[i - 1]);
}

/** No two consecutive emissions are the same state. */
function expectNoRepeats(states: AccountState[]): void {
  states
    .slice(1)
    .forEach((state, i) => expect(state, `emission ${i + 1} repeats ${i}`).not.toEqual(states[i]));
}

describe('AccountSession follows the file', () => {
  it('signed out → OAuth (who and which org) → PAT → the CLI deletes the file → signed out', async () => {
    const h = harness();
    await start(h);
    expect(h.states).toEqual([{ status: 'signed_out', ...base }]);

    const login = h.provider.signIn('acme');
    h.store.externalWrite(login);
    await settle(h);
    expect(h.session.state).toEqual({
      status: 'oauth',
      ...base,
      ...profile,
      tokenExpiresAt: login.tokenExpiresAt,
      // Seen 50 ms after it was written: its lifetime is taken as what was left then.
      nextRefreshAtMs: expect.closeTo(dueMs(login), -2),
    });

    h.store.externalWrite({ token: PAT, refreshToken: '', tokenExpiresAt: 0, org: 'beta' });
    await settle(h);
    expect(h.session.state).toEqual({
      status: 'pat',
      ...base,
      ...profile,
      org: 'beta',
      orgVerboseName: 'Beta Labs',
    });

    h.store.externalDelete();
    await settle(h);
    expect(h.session.state).toEqual({ status: 'signed_out', ...base });
    expect(statusChanges(h.states)).toEqual(['signed_out', 'oauth', 'pat', 'signed_out']);
    expectNoRepeats(h.states);
    expect(h.provider.counters.refreshRequests).toBe(0);
  });

  it('fetches who it is once per session, not on every file event', async () => {
    const h = harness((p) => p.signIn('acme'));
    await start(h);
    expect(h.api.requests).toBe(2);
    h.store.externalSetOrg('beta');
    await settle(h);
    expect(h.session.state).toMatchObject({ status: 'oauth', org: 'beta', orgVerboseName: 'Beta Labs' });
    await h.session.reload();
    await h.clock.advance(30 * MINUTE_MS);
    expect(h.api.requests).toBe(2);
    expectNoRepeats(h.states);
  });

  it('a file that does not parse is an error with a message, and it recovers once fixed', async () => {
    const h = harness((p) => p.signIn('acme'));
    await start(h);
    const signedIn = h.session.state;
    h.store.externalCorrupt();
    await settle(h);
    expect(h.session.state.status).toBe('error');
    expect(h.session.state.lastError).toMatch(/is not valid TOML/);
    expect(h.store.counters.writes + h.store.counters.clears).toBe(0);

    h.store.repair();
    await settle(h);
    expect(h.session.state).toEqual(signedIn);
    expectNoRepeats(h.states);
  });

  it('a file that breaks while signed out, then gets a login, ends signed in', async () => {
    const h = harness();
    await start(h);
    h.store.externalCorrupt();
    await settle(h);
    expect(h.session.state.status).toBe('error');
    h.store.externalWrite(h.provider.signIn('acme'));
    await settle(h);
    expect(h.session.state).toMatchObject({ status: 'oauth', ...profile });
    expect(h.session.state.lastError).toBeUndefined();
  });

  it('a PAT the API no longer accepts shows as expired', async () => {
    const h = harness();
    await start(h);
    h.store.externalWrite({ token: 'pcc_pat_revoked', refreshToken: '', tokenExpiresAt: 0 });
    await settle(h);
    expect(h.session.state.status).toBe('expired');
    expect(h.session.state.lastError).toMatch(/personal access token/);
  });
});

describe('AccountSession and the refresher', () => {
  it('our own refresh keeps who and which org, and moves the expiry', async () => {
    const h = harness((p) => p.signIn('acme'));
    await start(h);
    const before = h.session.state;
    const emitted = h.states.length;
    const initial = h.store.peek();
    if (!initial) throw new Error('no credentials');
    await h.clock.advance(dueMs(initial) - h.clock.now());
    await settle(h);
    const after = h.store.peek();
    expect(h.provider.count('rotated')).toBe(1);
    expect(after?.tokenExpiresAt).toBeGreaterThan(initial.tokenExpiresAt);
    expect(h.session.state).toEqual({
      ...before,
      tokenExpiresAt: after?.tokenExpiresAt,
      nextRefreshAtMs: after && dueMs(after),
    });
    // The profile was fetched once, at start; the refresh is one state change.
    expect(h.api.requests).toBe(2);
    expect(h.states.slice(emitted)).toEqual([h.session.state]);
    expectNoRepeats(h.states);
  });

  it('"expired" from the refresher → expired, and it stays expired when the file is then empty', async () => {
    const h = harness((p) => p.signIn('acme'));
    await start(h);
    const initial = h.store.peek();
    if (!initial) throw new Error('no credentials');
    h.provider.revokeGrantOf(initial.refreshToken);
    await h.clock.advance(dueMs(initial) - h.clock.now());
    expect(h.session.state).toMatchObject({ status: 'expired', email: 'dev@example.com' });
    expect(h.session.state.lastError).toMatch(/sign in again/);
    expect(h.session.state.tokenExpiresAt).toBeUndefined();
    expect(h.store.peek()).toBeUndefined();

    await h.clock.advance(10 * MINUTE_MS);
    h.store.externalDelete();
    await settle(h);
    expect(h.session.state.status).toBe('expired');
    expect(h.states.filter((s) => s.status === 'expired')).toHaveLength(1);

    h.store.externalWrite(h.provider.signIn('acme'));
    await settle(h);
    expect(h.session.state).toMatchObject({ status: 'oauth', ...profile });
    expect(h.session.state.lastError).toBeUndefined();
  });

  it('a transient failure stays quiet until fewer than 5 minutes remain, and recovery clears it', async () => {
    const h = harness((p) => p.signIn('acme'));
    await start(h);
    const initial = h.store.peek();
    if (!initial) throw new Error('no credentials');
    h.provider.failNext(...Array<'network'>(500).fill('network'));
    const seen: { leftS: number; lastError: string | undefined }[] = [];
    h.session.subscribe((state) =>
      seen.push({ leftS: initial.tokenExpiresAt - h.clock.now() / 1000, lastError: state.lastError }),
    );

    await h.clock.advance(initial.tokenExpiresAt * 1000 - h.clock.now() - 1);
    expect(h.provider.count('network')).toBeGreaterThan(30);
    const loud = seen.filter((s) => s.lastError !== undefined);
    expect(loud.length).toBeGreaterThan(0);
    expect(Math.max(...loud.map((s) => s.leftS))).toBeLessThan(300);
    expect(h.session.state.lastError).toMatch(/Could not refresh the session/);
    expect(h.session.state.status).toBe('oauth');

    h.provider.clearFailures();
    await h.clock.advance(5 * MINUTE_MS);
    expect(h.provider.count('rotated')).toBe(1);
    expect(h.session.state.lastError).toBeUndefined();
    expect(h.session.state.tokenExpiresAt).toBe(h.store.peek()?.tokenExpiresAt);
    expectNoRepeats(h.states);
  });

  it('adopts a token the CLI refreshed: no request of ours, the same account shown', async () => {
    const h = harness((p) => p.signIn('acme'));
    await start(h);
    const initial = h.store.peek();
    if (!initial) throw new Error('no credentials');
    const tokens = await h.provider.refresh(await h.provider.discovery.get(), initial.refreshToken, () =>
      h.clock.now(),
    );
    const emitted = h.states.length;
    h.store.externalWrite({
      token: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      tokenExpiresAt: tokens.expiresAt,
    });
    await settle(h);
    expect(h.session.state).toMatchObject({ status: 'oauth', ...profile, tokenExpiresAt: tokens.expiresAt });
    expect(h.provider.counters.refreshRequests).toBe(1);
    expect(h.session.state.nextRefreshAtMs).toBe(dueMs({ ...initial, tokenExpiresAt: tokens.expiresAt }));
    // Nothing but the new expiry (and its planned refresh) changed.
    expect(h.states.slice(emitted).map((s) => s.status)).not.toContain('signed_out');
    expect(h.api.requests).toBe(4);
    expectNoRepeats(h.states);
  });

  it('emits nothing for a new token that changes nothing shown (state compared by content)', async () => {
    const h = harness((p) => p.signIn('acme'));
    await h.session.start();
    await h.clock.advance(0);
    const emitted = h.states.length;
    // Another login for the same account in the same instant: same expiry, same org, same person.
    const again = h.provider.signIn('acme');
    expect(again.tokenExpiresAt).toBe(h.session.state.tokenExpiresAt);
    h.store.externalWrite(again);
    await settle(h);
    expect(h.api.requests).toBe(4);
    expect(h.states.length).toBe(emitted);
  });

  it('emits each state once: hours of ticks with nothing to do emit nothing', async () => {
    const h = harness((p) => p.signIn('acme'));
    await start(h);
    const emitted = h.states.length;
    await h.clock.advance(6 * 60 * MINUTE_MS);
    expect(h.states.length).toBe(emitted);
    await h.session.reload();
    await h.session.reload();
    expect(h.states.length).toBe(emitted);
  });

  it('an API unreachable at start: who it is appears once the API answers again', async () => {
    const h = harness((p) => p.signIn('acme'));
    h.api.down = true;
    await start(h);
    expect(h.session.state.status).toBe('oauth');
    expect(h.session.state.email).toBeUndefined();
    expect(h.session.state.lastError).toMatch(/Could not reach Pipecat Cloud/);

    h.api.down = false;
    await h.clock.advance(5 * MINUTE_MS);
    expect(h.session.state).toMatchObject({ status: 'oauth', ...profile });
    expect(h.session.state.lastError).toBeUndefined();
    expect(h.api.requests).toBeLessThan(20);
  });

  it('a token that expired while the app was off: refreshed at start, and who it is appears', async () => {
    const h = harness((p) => p.signIn('acme'));
    h.clock.jump((DAY_S + 8 * 3_600) * 1000);
    await start(h);
    expect(h.provider.count('rotated')).toBe(1);
    await settle(h);
    expect(h.session.state).toMatchObject({ status: 'oauth', ...profile });
    expect(h.session.state.lastError).toBeUndefined();
    expect(h.session.state.tokenExpiresAt).toBe(h.store.peek()?.tokenExpiresAt);
    expectNoRepeats(h.states);
  });

  it('stop() ends the watch and the refresher timer', async () => {
    const h = harness((p) => p.signIn('acme'));
    await start(h);
    h.session.stop();
    expect(h.clock.pendingTimers).toBe(0);
    const emitted = h.states.length;
    h.store.externalDelete();
    await h.clock.advance(2 * DAY_S * 1000);
    expect(h.states.length).toBe(emitted);
    expect(h.provider.counters.refreshRequests).toBe(0);
  });
});

describe('AccountSession: a session signed out by another program', () => {
  it('announces the OAuth session the file lost, once; not a replaced, PAT or expired one', async () => {
    const login = (p: FakeProvider): StoredCredentials => p.signIn('acme');
    const h = harness(login);
    const removed: StoredCredentials[] = [];
    h.session.onSessionRemoved((credentials) => removed.push(credentials));
    await start(h);
    const first = h.store.peek();
    // Replaced by another login: not a sign-out.
    h.store.externalWrite(h.provider.signIn('beta'));
    await settle(h);
    expect(removed).toEqual([]);
    const second = h.store.peek();
    h.store.externalDelete();
    await settle(h);
    h.store.externalDelete();
    await settle(h);
    expect(removed).toEqual([second]);
    expect(removed[0]?.refreshToken).not.toBe(first?.refreshToken);
    // A personal access token has no session to revoke.
    h.store.externalWrite({ token: PAT, refreshToken: '', tokenExpiresAt: 0 });
    await settle(h);
    h.store.externalDelete();
    await settle(h);
    expect(removed).toHaveLength(1);
  });
});
