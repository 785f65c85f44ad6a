import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StoredCredentials } from '../../main/core/credentials/index.js';
import { DEFAULT_CLI_GRACE } from '../../main/core/session/cli-grace.js';
import { backoffDelayMs, refreshMarginSeconds, TICK_MS } from '../../main/core/session/refresh-policy.js';
import { Refresher, type RefreshOutcome } from '../../main/core/session/refresher.js';
import { FakeCredentialsStore, FakeLock } from './support/fake-credentials.js';
import { FakeProvider } from './support/fake-provider.js';
import { refresherOverFakes } from './support/refresher-over-fakes.js';
import { seededRandom, VirtualClock } from './support/virtual-clock.js';

const DAY_S = 86_400;
const MINUTE_MS = 60_000;
const SEED = 20_240_601;

interface Harness {
  clock: VirtualClock;
  provider: FakeProvider;
  store: FakeCredentialsStore;
  lock: FakeLock;
  refresher: Refresher;
  outcomes: RefreshOutcome[];
  /** The credentials the CLI got when it signed in, before the test started. */
  initial: StoredCredentials;
}

const running: Refresher[] = [];
afterEach(() => {
  for (const refresher of running.splice(0)) refresher.stop();
});

function harness(
  options: { lifetimeSeconds?: number; latencyMs?: number; file?: 'oauth' | 'none' } = {},
): Harness {
  const clock = new VirtualClock({ seed: SEED });
  const provider = new FakeProvider({
    clock,
    accessTokenLifetimeSeconds: options.lifetimeSeconds ?? DAY_S,
    latencyMs: options.latencyMs ?? 0,
  });
  const initial = provider.signIn('acme');
  const store = new FakeCredentialsStore(options.file === 'none' ? undefined : initial);
  const lock = new FakeLock();
  const refresher = refresherOverFakes({ store, provider, lock, clock });
  running.push(refresher);
  const outcomes: RefreshOutcome[] = [];
  refresher.onOutcome((outcome) => outcomes.push(outcome));
  return { clock, provider, store, lock, refresher, outcomes, initial };
}

/** Epoch ms at which a token of a known lifetime is due. */
const dueMs = (creds: StoredCredentials, lifetimeSeconds: number): number =>
  (creds.tokenExpiresAt - refreshMarginSeconds(lifetimeSeconds)) * 1000;

/** The refresher reads the file at sign-in time, so it knows the token's whole lifetime. */
async function seenAtSignIn(h: Harness): Promise<void> {
  expect((await h.refresher.checkNow()).kind).toBe('not_due');
}

/** The CLI refreshing on its own: it presents the file's refresh token and writes the answer. */
async function cliRefresh(h: Harness): Promise<StoredCredentials> {
  const current = h.store.peek();
  if (!current) throw new Error('nothing to refresh');
  const tokens = await h.provider.refresh(await h.provider.discovery.get(), current.refreshToken, () =>
    h.clock.now(),
  );
  const creds = {
    token: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    tokenExpiresAt: tokens.expiresAt,
  };
  h.store.externalWrite(creds);
  return creds;
}

describe('Refresher: when it refreshes', () => {
  it('refreshes at the margin before expiry and not a millisecond before', async () => {
    const h = harness();
    const t0 = h.clock.now();
    const due = dueMs(h.initial, DAY_S);
    // Half-life (issue 11): half of the day, 12 h, before expiry.
    expect(due).toBe(h.initial.tokenExpiresAt * 1000 - 43_200_000);

    for (const at of [t0, t0 + 60 * MINUTE_MS, t0 + 6 * 60 * MINUTE_MS, due - 1]) {
      h.clock.jump(at - h.clock.now());
      expect((await h.refresher.checkNow()).kind).toBe('not_due');
    }
    expect(h.provider.counters.refreshRequests).toBe(0);
    expect(h.clock.now()).toBe(due - 1);

    h.clock.jump(1);
    const outcome = await h.refresher.checkNow();
    expect(outcome.kind).toBe('refreshed');
    expect(h.provider.counters.refreshRequests).toBe(1);
    const written = h.store.peek();
    expect(written).toEqual(outcome.kind === 'refreshed' ? outcome.credentials : undefined);
    expect(written?.org).toBe('acme');
    expect(written?.refreshToken).not.toBe(h.initial.refreshToken);
    expect(h.provider.isAccessTokenValid(written?.token ?? '')).toBe(true);
    expect(h.provider.isRefreshTokenUsable(written?.refreshToken ?? '')).toBe(true);
  });

  it('plans the next refresh from the new expiry, and does it then', async () => {
    const h = harness();
    h.refresher.start();
    await h.clock.advance(dueMs(h.initial, DAY_S) - h.clock.now());
    expect(h.outcomes.filter((o) => o.kind !== 'not_due').map((o) => o.kind)).toEqual(['refreshed']);
    const first = h.store.peek();
    if (!first) throw new Error('no credentials');
    expect(first.tokenExpiresAt).toBe(h.clock.now() / 1000 + DAY_S);
    const nextDue = dueMs(first, DAY_S);
    expect(h.refresher.nextRefreshAtMs).toBe(nextDue);

    await h.clock.advance(nextDue - h.clock.now() - 1);
    expect(h.provider.counters.refreshRequests).toBe(1);
    await h.clock.advance(1);
    expect(h.provider.log.map((entry) => [entry.atMs, entry.result])).toEqual([
      [dueMs(h.initial, DAY_S), 'rotated'],
      [nextDue, 'rotated'],
    ]);
  });

  it('keeps a single timer, never longer than the 60 s tick, for days', async () => {
    const h = harness({ lifetimeSeconds: 3_600 });
    h.refresher.start();
    for (let minute = 0; minute < 3 * 24 * 60; minute += 1) {
      await h.clock.advance(MINUTE_MS);
      expect(h.clock.pendingTimers).toBe(1);
      const [fireAt = Infinity] = h.clock.pendingFireTimes();
      expect(fireAt - h.clock.now()).toBeLessThanOrEqual(TICK_MS);
    }
    expect(Math.max(...h.clock.requestedDelays)).toBeLessThanOrEqual(TICK_MS);
    // One-hour tokens, refreshed at half-life: one rotation every 30 minutes, never a replay.
    const times = h.provider.log.map((entry) => entry.atMs);
    expect(times.length).toBeGreaterThanOrEqual(Math.floor((3 * 24 * 60) / 30));
    expect(new Set(times.slice(1).map((t, i) => t - (times[i] ?? 0)))).toEqual(new Set([30 * MINUTE_MS]));
    expect(h.provider.counters.rotations).toBe(times.length);
    expect(h.provider.counters.replays).toBe(0);
    expect(h.provider.isAccessTokenValid(h.store.peek()?.token ?? '')).toBe(true);
    h.refresher.stop();
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('learns a short lifetime from its own refresh: half of it is left when it refreshes again', async () => {
    const h = harness({ lifetimeSeconds: 600 });
    expect((await h.refresher.refreshNow()).kind).toBe('refreshed');
    const fetched = h.store.peek();
    if (!fetched) throw new Error('no credentials');
    expect(h.refresher.nextRefreshAtMs).toBe((fetched.tokenExpiresAt - 300) * 1000);
    h.clock.jump(300 * 1000 - 1);
    expect((await h.refresher.checkNow()).kind).toBe('not_due');
    h.clock.jump(1);
    expect((await h.refresher.checkNow()).kind).toBe('refreshed');
  });

  it('a token of unknown lifetime found with minutes left is refreshed at once, before the CLI window', async () => {
    // Found with 5 minutes left and never seen before: a day-long token this close to its end, as
    // far as anyone can tell. Waiting for half of what is left (2.5 min) would be safe here, but one
    // found with under 2 minutes left would then be refreshed inside the CLI's last 60 s.
    const h = harness();
    h.clock.jump((DAY_S - 5 * 60) * 1000);
    h.refresher.start();
    await h.clock.advance(0);
    expect(h.provider.count('rotated')).toBe(1);
    // From then on it knows the real lifetime: the next one is half a day before expiry.
    expect(h.refresher.nextRefreshAtMs).toBe(dueMs(h.store.peek() ?? h.initial, DAY_S));
  });

  it('a token of unknown lifetime with more than half a day left is refreshed at half a day before its end', async () => {
    const h = harness();
    h.clock.jump(6 * 3600 * 1000);
    h.refresher.start();
    await h.clock.advance(0);
    expect(h.provider.counters.refreshRequests).toBe(0);
    expect(h.refresher.nextRefreshAtMs).toBe(dueMs(h.initial, DAY_S));
  });

  // Issue 11: no longer at once. A CLI command run on waking may be refreshing the same token, so
  // the app first leaves it alone for the grace (refresher-wake-grace.test.ts has the rest).
  it('after a sleep past the expiry, on checkNow (resume): waits the grace, then refreshes', async () => {
    const h = harness();
    h.refresher.start();
    await h.clock.advance(MINUTE_MS);
    h.clock.jump(2 * DAY_S * 1000);
    const woke = h.clock.now();
    const waiting = await h.refresher.checkNow();
    expect(waiting).toMatchObject({ kind: 'waiting', untilMs: woke + DEFAULT_CLI_GRACE.graceMs });
    expect(h.refresher.nextRefreshAtMs).toBe(woke + DEFAULT_CLI_GRACE.graceMs);
    await h.clock.advance(DEFAULT_CLI_GRACE.graceMs - 1);
    expect(h.provider.counters.refreshRequests).toBe(0);
    await h.clock.advance(1);
    expect(h.provider.log.map((entry) => [entry.atMs - woke, entry.result])).toEqual([
      [DEFAULT_CLI_GRACE.graceMs, 'rotated'],
    ]);
    expect(h.provider.isAccessTokenValid(h.store.peek()?.token ?? '')).toBe(true);
  });

  it('catches a sleep on the coarse tick even when nobody calls checkNow', async () => {
    const h = harness();
    h.refresher.start();
    await h.clock.advance(1);
    h.clock.jump(2 * DAY_S * 1000);
    await h.clock.advance(TICK_MS);
    // The tick found it late: the grace, then the refresh.
    expect(h.provider.count('rotated')).toBe(0);
    await h.clock.advance(DEFAULT_CLI_GRACE.graceMs);
    expect(h.provider.count('rotated')).toBe(1);
  });
});

describe('Refresher: one refresh at a time', () => {
  it('shares one request between concurrent refreshNow() and checkNow() calls', async () => {
    const h = harness({ latencyMs: 2_000 });
    h.clock.jump(dueMs(h.initial, DAY_S) - h.clock.now());
    const calls = [
      h.refresher.refreshNow(),
      h.refresher.checkNow(),
      h.refresher.checkNow(),
      h.refresher.refreshNow(),
    ];
    await h.clock.advance(2_000);
    const outcomes = await Promise.all(calls);
    expect(h.provider.counters.refreshRequests).toBe(1);
    expect(outcomes.map((o) => o.kind)).toEqual(['refreshed', 'refreshed', 'refreshed', 'refreshed']);
    expect(new Set(outcomes).size).toBe(1);
    expect(h.outcomes).toHaveLength(1);
    expect(h.provider.counters.replays).toBe(0);
  });

  it('a manual refresh asked while a not-due check is running still refreshes, once', async () => {
    const h = harness();
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let held = false;
    const lock = h.lock.run;
    const refresher = new Refresher({
      store: h.store,
      provider: h.provider.discovery,
      // The check holds the lock (as another process might make it wait) while the user clicks.
      lock: async (task) => {
        if (!held) {
          held = true;
          await gate;
        }
        return lock(task);
      },
      clock: h.clock,
      random: h.clock.random,
      refresh: h.provider.refresh,
    });
    const check = refresher.checkNow();
    await h.clock.advance(0);
    const manual = refresher.refreshNow();
    const again = refresher.refreshNow();
    open();
    expect((await check).kind).toBe('not_due');
    expect((await manual).kind).toBe('refreshed');
    expect(await again).toBe(await manual);
    expect(h.provider.counters.refreshRequests).toBe(1);
  });
});

describe('Refresher: others write the file too', () => {
  it('adopts a newer token the CLI wrote instead of refreshing', async () => {
    const h = harness();
    expect((await h.refresher.checkNow()).kind).toBe('not_due');
    h.clock.jump(dueMs(h.initial, DAY_S) - h.clock.now() + 1);
    const theirs = await cliRefresh(h);
    const outcome = await h.refresher.checkNow();
    expect(outcome).toEqual({ kind: 'adopted', credentials: { ...theirs, org: 'acme' } });
    // Only the CLI's own request: the app made none.
    expect(h.provider.counters.refreshRequests).toBe(1);
    expect(h.store.counters.writes).toBe(0);
    expect(h.refresher.nextRefreshAtMs).toBe(dueMs(theirs, DAY_S));

    // And later it refreshes with the adopted refresh token, never the one the CLI used up.
    h.clock.jump(dueMs(theirs, DAY_S) - h.clock.now());
    expect((await h.refresher.checkNow()).kind).toBe('refreshed');
    expect(h.provider.counters.replays).toBe(0);
    expect(h.provider.counters.grantsRevoked).toBe(0);
  });

  it('compare-and-swap: a login written during the request wins and is adopted', async () => {
    const h = harness();
    let theirs: StoredCredentials | undefined;
    h.provider.onRequest = () => {
      h.provider.onRequest = undefined;
      theirs = h.provider.signIn('other-org');
      h.store.externalWrite(theirs);
    };
    const outcome = await h.refresher.refreshNow();
    expect(outcome).toEqual({ kind: 'adopted', credentials: theirs });
    expect(h.store.peek()).toEqual(theirs);
    expect(h.store.counters.writes).toBe(0);
    expect(h.store.counters.refusedWrites).toBe(1);
  });

  it('compare-and-swap: a logout during the request stays a logout', async () => {
    const h = harness();
    h.provider.onRequest = () => h.store.externalDelete();
    const outcome = await h.refresher.refreshNow();
    expect(outcome).toEqual({ kind: 'no_session', credentials: undefined });
    expect(h.store.peek()).toBeUndefined();
    expect(h.store.counters.writes).toBe(0);
  });

  it('compare-and-swap: an org change during the request keeps the new org and our tokens', async () => {
    const h = harness();
    h.provider.onRequest = () => h.store.externalSetOrg('beta');
    const outcome = await h.refresher.refreshNow();
    expect(outcome.kind).toBe('refreshed');
    expect(h.store.peek()?.org).toBe('beta');
    expect(h.store.peek()?.refreshToken).not.toBe(h.initial.refreshToken);
  });

  it('takes the lock around the re-read and the write', async () => {
    const h = harness();
    let heldDuringRequest = false;
    h.provider.onRequest = () => {
      heldDuringRequest = h.lock.held;
    };
    await h.refresher.refreshNow();
    expect(h.lock.acquisitions).toBe(1);
    expect(heldDuringRequest).toBe(true);
  });
});

describe('Refresher: invalid_grant', () => {
  it('adopts a different refresh token found on the re-read (a new login replaced the revoked one)', async () => {
    const h = harness();
    let theirs: StoredCredentials | undefined;
    h.provider.onRequest = (refreshToken) => {
      h.provider.onRequest = undefined;
      h.provider.revokeGrantOf(refreshToken);
      theirs = h.provider.signIn();
      h.store.externalWrite(theirs);
    };
    const clear = vi.spyOn(h.store, 'clearIfUnchanged');
    const outcome = await h.refresher.refreshNow();
    expect(outcome).toEqual({ kind: 'adopted', credentials: { ...theirs, org: 'acme' } });
    expect(clear).not.toHaveBeenCalled();
    expect(h.store.peek()?.token).toBe(theirs?.token);
    expect(h.provider.count('invalid_grant')).toBe(1);
  });

  it('ends the session when nobody wrote another token: clears the dead credentials only', async () => {
    const h = harness();
    h.provider.revokeGrantOf(h.initial.refreshToken);
    const clear = vi.spyOn(h.store, 'clearIfUnchanged');
    const outcome = await h.refresher.refreshNow();
    expect(outcome).toEqual({ kind: 'expired', credentials: h.initial });
    expect(clear).toHaveBeenCalledTimes(1);
    expect(clear).toHaveBeenCalledWith(h.initial);
    expect(h.store.peek()).toBeUndefined();
    expect(h.store.counters.clears).toBe(1);
    expect(h.provider.counters.refreshRequests).toBe(1);
    // It re-read the file once after the refusal, and does not ask again.
    expect(h.refresher.nextRefreshAtMs).toBeUndefined();
    expect((await h.refresher.checkNow()).kind).toBe('no_session');
    expect(h.provider.counters.refreshRequests).toBe(1);
  });

  it('a PAT the CLI stored during the request is kept, and the outcome is not "expired"', async () => {
    const h = harness();
    const pat = { token: 'pcc_pat_abc', refreshToken: '', tokenExpiresAt: 0 };
    h.provider.onRequest = (refreshToken) => {
      h.provider.revokeGrantOf(refreshToken);
      h.store.externalWrite(pat);
    };
    const outcome = await h.refresher.refreshNow();
    expect(outcome).toEqual({ kind: 'no_session', credentials: { ...pat, org: 'acme' } });
    expect(h.store.peek()).toEqual({ ...pat, org: 'acme' });
  });

  it('a CLI logout during the request (it revokes the grant) reads as signed out, not expired', async () => {
    const h = harness();
    h.provider.onRequest = (refreshToken) => {
      h.provider.revokeGrantOf(refreshToken);
      h.store.externalDelete();
    };
    const outcome = await h.refresher.refreshNow();
    expect(outcome).toEqual({ kind: 'no_session', credentials: undefined });
    expect(h.store.counters.clears).toBe(0);
  });
});

describe('Refresher: transient failures', () => {
  it('backs off with seeded full jitter: one request per step however often checkNow() is called', async () => {
    const h = harness();
    await seenAtSignIn(h);
    h.clock.jump(dueMs(h.initial, DAY_S) - h.clock.now());
    h.provider.failNext('server_error', 'network', 'server_error', 'network');
    const expected = seededRandom(SEED);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const outcome = await h.refresher.checkNow();
      const delay = backoffDelayMs(attempt, expected);
      expect(outcome.kind === 'failed' && outcome.retryAtMs).toBe(h.clock.now() + delay);
      expect(h.provider.counters.refreshRequests).toBe(attempt);
      const step = Math.floor((delay - 1) / 20);
      for (let i = 0; i < 20; i += 1) {
        h.clock.jump(i === 19 ? delay - 1 - 19 * step : step);
        expect((await h.refresher.checkNow()).kind).toBe('failed');
      }
      expect(h.provider.counters.refreshRequests).toBe(attempt);
      h.clock.jump(1);
    }
    expect((await h.refresher.checkNow()).kind).toBe('refreshed');
    expect(h.provider.counters.refreshRequests).toBe(5);
    expect(h.refresher.nextRefreshAtMs).toBe(dueMs(h.store.peek() ?? h.initial, DAY_S));
  });

  it('retries on the timer at each backoff step, capped at 5 minutes, and recovery resets the backoff', async () => {
    const h = harness();
    await seenAtSignIn(h);
    h.clock.jump(dueMs(h.initial, DAY_S) - h.clock.now());
    h.provider.failNext(...Array<'server_error'>(12).fill('server_error'));
    h.refresher.start();
    await h.clock.advance(60 * MINUTE_MS);
    const failures = h.outcomes.filter((o) => o.kind === 'failed');
    expect(failures).toHaveLength(12);
    expect(h.provider.count('rotated')).toBe(1);
    // Each retry happened exactly when the previous failure said, never earlier, never twice.
    const times = h.provider.log.map((entry) => entry.atMs);
    failures.forEach((failure, i) => {
      expect(failure.kind === 'failed' && failure.retryAtMs).toBe(times[i + 1]);
    });
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(5 * MINUTE_MS);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1_000);

    // After the recovery a new failure starts again from the first step (under 2 s).
    h.provider.failNext('server_error');
    const outcome = await h.refresher.refreshNow();
    expect(outcome.kind === 'failed' && (outcome.retryAtMs ?? Infinity) - h.clock.now()).toBeLessThan(2_000);
  });

  it('a lost response (the provider rotated, we never heard) ends in a replay the provider punishes', async () => {
    // Faithfulness check of the fake: what rotation means for a client that lost an answer.
    const h = harness();
    h.provider.failNext('lost_response');
    expect((await h.refresher.refreshNow()).kind).toBe('failed');
    expect((await h.refresher.refreshNow()).kind).toBe('expired');
    expect(h.provider.counters.replays).toBe(1);
    expect(h.provider.counters.grantsRevoked).toBe(1);
  });

  it('an unreachable API during discovery is a transient failure too', async () => {
    const h = harness();
    h.provider.failDiscoveries(1);
    const outcome = await h.refresher.refreshNow();
    expect(outcome.kind === 'failed' && outcome.failure.kind).toBe('transient');
    expect(outcome.kind === 'failed' && outcome.failure.message).not.toMatch(/UserFacingError/);
    expect(h.provider.counters.refreshRequests).toBe(0);
    expect((await h.refresher.refreshNow()).kind).toBe('refreshed');
  });
});

describe('Refresher: the provider moved', () => {
  it('endpoint_changed: forgets discovery, discovers once more and retries once', async () => {
    const h = harness();
    expect((await h.refresher.refreshNow()).kind).toBe('refreshed');
    expect(h.provider.counters.discoveries).toBe(1);
    h.provider.moveTokenEndpoint();
    expect((await h.refresher.refreshNow()).kind).toBe('refreshed');
    expect(h.provider.log.map((entry) => entry.result)).toEqual(['rotated', 'stale_endpoint', 'rotated']);
    expect(h.provider.counters.forgets).toBe(1);
    expect(h.provider.counters.discoveries).toBe(2);
  });

  it('exactly one rediscovery: a second 404 is a failure, not a loop', async () => {
    const h = harness();
    h.provider.failNext('not_found', 'not_found', 'not_found');
    const outcome = await h.refresher.refreshNow();
    expect(outcome.kind === 'failed' && outcome.failure.kind).toBe('endpoint_changed');
    expect(h.provider.counters.refreshRequests).toBe(2);
    expect(h.provider.counters.forgets).toBe(1);
    expect(h.provider.counters.discoveries).toBe(2);
  });

  it('a refusal that is not transient does not make the timer spin', async () => {
    const h = harness();
    await seenAtSignIn(h);
    h.clock.jump(dueMs(h.initial, DAY_S) - h.clock.now());
    h.provider.failNext(...Array<'rejected'>(1_000).fill('rejected'));
    h.refresher.start();
    await h.clock.advance(10 * MINUTE_MS);
    // Retried now and then (at most once a tick), never in a tight loop.
    expect(h.provider.counters.refreshRequests).toBeGreaterThanOrEqual(1);
    expect(h.provider.counters.refreshRequests).toBeLessThanOrEqual(11);
    expect(Math.min(...h.clock.requestedDelays.slice(1))).toBeGreaterThan(0);
  });
});

describe('Refresher: nothing to refresh', () => {
  it('a personal access token: no_session, no request, nothing written', async () => {
    const h = harness();
    const pat = { token: 'pcc_pat_abc', refreshToken: '', tokenExpiresAt: 0, org: 'acme' };
    h.store.externalWrite(pat);
    expect(await h.refresher.checkNow()).toEqual({ kind: 'no_session', credentials: pat });
    expect(await h.refresher.refreshNow()).toEqual({ kind: 'no_session', credentials: pat });
    expect(h.refresher.nextRefreshAtMs).toBeUndefined();
    expect(h.provider.counters.refreshRequests).toBe(0);
    expect(h.provider.counters.discoveries).toBe(0);
    expect(h.store.counters.writes).toBe(0);
  });

  it('an OAuth token without a refresh token: no_session, no request', async () => {
    const h = harness();
    h.store.externalWrite({ token: 'at_old', refreshToken: '', tokenExpiresAt: 1 });
    expect((await h.refresher.refreshNow()).kind).toBe('no_session');
    expect(h.provider.counters.refreshRequests).toBe(0);
  });

  it('signed out: no_session, no request, a tick-long timer', async () => {
    const h = harness({ file: 'none' });
    h.refresher.start();
    await h.clock.advance(10 * MINUTE_MS);
    expect(h.outcomes.every((o) => o.kind === 'no_session')).toBe(true);
    expect(h.outcomes).toHaveLength(11);
    expect(h.provider.counters.refreshRequests).toBe(0);
    expect(h.clock.requestedDelays.every((delay) => delay === TICK_MS)).toBe(true);
  });
});

describe('Refresher: the file cannot be used', () => {
  it('a read error is a file_error outcome, and nothing is written or requested', async () => {
    const h = harness();
    await seenAtSignIn(h);
    h.clock.jump(dueMs(h.initial, DAY_S) - h.clock.now());
    const error = Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
    h.store.failWith(error);
    expect(await h.refresher.checkNow()).toEqual({ kind: 'file_error', error });
    expect(await h.refresher.refreshNow()).toEqual({ kind: 'file_error', error });
    expect(h.store.counters.writes + h.store.counters.clears).toBe(0);
    expect(h.provider.counters.refreshRequests).toBe(0);
    h.store.repair();
    expect((await h.refresher.checkNow()).kind).toBe('refreshed');
  });

  it('a broken file of a due session does not make the timer spin', async () => {
    const h = harness();
    expect((await h.refresher.checkNow()).kind).toBe('not_due');
    h.clock.jump(dueMs(h.initial, DAY_S) - h.clock.now());
    h.store.externalCorrupt();
    h.refresher.start();
    await h.clock.advance(10 * MINUTE_MS);
    expect(h.outcomes.filter((o) => o.kind === 'file_error').length).toBeLessThanOrEqual(11);
    expect(h.store.counters.reads).toBeLessThan(50);
    h.store.repair();
    await h.clock.advance(TICK_MS);
    expect(h.provider.count('rotated')).toBe(1);
  });

  it('a lock that cannot be taken is a file_error too', async () => {
    const h = harness();
    const refresher = new Refresher({
      store: h.store,
      provider: h.provider.discovery,
      lock: () => Promise.reject(new Error('locked')),
      clock: h.clock,
      random: h.clock.random,
      refresh: h.provider.refresh,
    });
    expect((await refresher.refreshNow()).kind).toBe('file_error');
    expect(h.provider.counters.refreshRequests).toBe(0);
  });
});

describe('Refresher: stop', () => {
  it('clears its timer and plans nothing more', async () => {
    const h = harness();
    h.refresher.start();
    await h.clock.advance(1);
    expect(h.clock.pendingTimers).toBe(1);
    h.refresher.stop();
    expect(h.clock.pendingTimers).toBe(0);
    await h.clock.advance(2 * DAY_S * 1000);
    expect(h.provider.counters.refreshRequests).toBe(0);
  });

  it('a request in flight when it stops arms no new timer', async () => {
    const h = harness({ latencyMs: 5_000 });
    await seenAtSignIn(h);
    h.clock.jump(dueMs(h.initial, DAY_S) - h.clock.now());
    h.refresher.start();
    await h.clock.advance(1);
    h.refresher.stop();
    await h.clock.advance(5_000);
    expect(h.provider.count('rotated')).toBe(1);
    expect(h.clock.pendingTimers).toBe(0);
  });
});
