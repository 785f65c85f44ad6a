/**
 * The wake grace (issue 11): after a sleep past the expiry, the app leaves a token a CLI command
 * may be refreshing alone for a while, adopts what the CLI writes, and refreshes only if the file
 * still holds the refresh token it waited on and no CLI command for the file is running.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredCredentials } from '../../main/core/credentials/index.js';
import { DEFAULT_CLI_GRACE, type CliGraceOptions } from '../../main/core/session/cli-grace.js';
import { Refresher, type RefreshOutcome } from '../../main/core/session/refresher.js';
import { FakeCredentialsStore, FakeLock } from './support/fake-credentials.js';
import { FakeProvider } from './support/fake-provider.js';
import { VirtualClock } from './support/virtual-clock.js';

const DAY_MS = 86_400_000;
const GRACE_MS = DEFAULT_CLI_GRACE.graceMs;

const running: Refresher[] = [];
afterEach(() => {
  for (const refresher of running.splice(0)) refresher.stop();
});

function harness(grace: Partial<CliGraceOptions> = {}, lifetimeSeconds = 86_400) {
  const clock = new VirtualClock({ seed: 11 });
  const provider = new FakeProvider({ clock, accessTokenLifetimeSeconds: lifetimeSeconds });
  const initial = provider.signIn('acme');
  const store = new FakeCredentialsStore(initial);
  const refresher = new Refresher({
    store,
    provider: provider.discovery,
    lock: new FakeLock().run,
    clock,
    random: clock.random,
    refresh: provider.refresh,
    grace: { ...DEFAULT_CLI_GRACE, ...grace },
  });
  running.push(refresher);
  const outcomes: RefreshOutcome[] = [];
  refresher.onOutcome((outcome) => outcomes.push(outcome));
  return { clock, provider, store, refresher, outcomes, initial };
}

type Harness = ReturnType<typeof harness>;

/** Started, then asleep until `leftMs` before the token's expiry (negative: past it). */
async function wakeWith(h: Harness, leftMs: number): Promise<number> {
  h.refresher.start();
  await h.clock.advance(0);
  h.clock.jump(h.initial.tokenExpiresAt * 1000 - leftMs - h.clock.now());
  return h.clock.now();
}

/** The CLI's own refresh with the file's refresh token, written as the CLI writes it. */
async function cliRefresh(h: Harness): Promise<StoredCredentials> {
  const read = h.store.peek();
  if (!read) throw new Error('nothing to refresh');
  const tokens = await h.provider.refresh(await h.provider.discovery.get(), read.refreshToken, () =>
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

describe('Refresher: the wake grace', () => {
  it('a token expired on waking: no request during the grace, one refresh with the file`s token after it', async () => {
    const h = harness();
    const woke = await wakeWith(h, -3_600_000);
    expect(await h.refresher.checkNow()).toMatchObject({ kind: 'waiting', untilMs: woke + GRACE_MS });
    // Asked again meanwhile (the file watcher, a network change): still waiting, same deadline.
    await h.clock.advance(GRACE_MS / 2);
    expect(await h.refresher.checkNow()).toMatchObject({ kind: 'waiting', untilMs: woke + GRACE_MS });
    await h.clock.advance(GRACE_MS / 2 - 1);
    expect(h.provider.counters.refreshRequests).toBe(0);
    await h.clock.advance(1);
    expect(h.provider.log.map((entry) => [entry.atMs - woke, entry.result])).toEqual([[GRACE_MS, 'rotated']]);
    expect(h.outcomes.filter((o) => o.kind === 'refreshed')).toHaveLength(1);
  });

  it('a token found already expired when the app starts is refreshed at once: it was never late', async () => {
    const h = harness();
    h.clock.jump(h.initial.tokenExpiresAt * 1000 + 3_600_000 - h.clock.now());
    expect((await h.refresher.checkNow()).kind).toBe('refreshed');
  });

  it('a token inside the CLI`s minute on waking waits too', async () => {
    const h = harness();
    await wakeWith(h, 45_000);
    expect((await h.refresher.checkNow()).kind).toBe('waiting');
    expect(h.provider.counters.refreshRequests).toBe(0);
  });

  it('the CLI refreshes during the grace: adopted at once, the app sends nothing, no replay', async () => {
    const h = harness();
    await wakeWith(h, -60_000);
    expect((await h.refresher.checkNow()).kind).toBe('waiting');
    await h.clock.advance(2_000);
    const theirs = await cliRefresh(h);
    // The session's file watcher reports the CLI's write.
    expect(await h.refresher.checkNow()).toEqual({
      kind: 'adopted',
      credentials: { ...theirs, org: 'acme' },
    });
    await h.clock.advance(DAY_MS / 4);
    expect(h.provider.counters.refreshRequests).toBe(1);
    expect(h.provider.counters.replays).toBe(0);
    expect(h.refresher.nextRefreshAtMs).toBe((theirs.tokenExpiresAt - 43_200) * 1000);
  });

  it('a CLI command still running at the end of the grace holds the refresh back until it exits', async () => {
    let cliRuns = true;
    let asked = 0;
    const h = harness({
      cliRunning: async () => {
        asked += 1;
        return cliRuns;
      },
    });
    const woke = await wakeWith(h, -60_000);
    await h.refresher.checkNow();
    await h.clock.advance(GRACE_MS + 5 * DEFAULT_CLI_GRACE.pollMs);
    expect(h.provider.counters.refreshRequests).toBe(0);
    expect(asked).toBeGreaterThanOrEqual(5);
    cliRuns = false;
    await h.clock.advance(DEFAULT_CLI_GRACE.pollMs);
    expect(h.provider.count('rotated')).toBe(1);
    expect(h.provider.log[0]?.atMs).toBeGreaterThan(woke + GRACE_MS + 5 * DEFAULT_CLI_GRACE.pollMs);
  });

  it('a CLI command that never ends holds it back no longer than maxWaitMs', async () => {
    const h = harness({ cliRunning: async () => true });
    const woke = await wakeWith(h, -60_000);
    await h.refresher.checkNow();
    await h.clock.advance(DEFAULT_CLI_GRACE.maxWaitMs - 1);
    expect(h.provider.counters.refreshRequests).toBe(0);
    await h.clock.advance(DEFAULT_CLI_GRACE.pollMs + 1);
    expect(h.provider.count('rotated')).toBe(1);
    expect(h.provider.log[0]?.atMs).toBeLessThanOrEqual(
      woke + DEFAULT_CLI_GRACE.maxWaitMs + DEFAULT_CLI_GRACE.pollMs,
    );
  });

  it('a refresh on time is never held, even for lifetimes whose half falls inside the CLI`s minute', async () => {
    const h = harness({}, 70);
    // Its first refresh teaches it the lifetime; the next is due on time with 35 s left.
    expect((await h.refresher.refreshNow()).kind).toBe('refreshed');
    h.refresher.start();
    await h.clock.advance(35_000);
    expect(h.provider.log.map((entry) => entry.result)).toEqual(['rotated', 'rotated']);
    expect(h.outcomes.some((o) => o.kind === 'waiting')).toBe(false);
  });

  it('retries after a failed refresh (offline on waking) are not held again', async () => {
    const h = harness();
    await wakeWith(h, -60_000);
    h.provider.failNext('network', 'network');
    await h.refresher.checkNow();
    await h.clock.advance(GRACE_MS);
    expect(h.provider.count('network')).toBe(1);
    // The backoff's steps (1-4 s here), not another grace.
    await h.clock.advance(6_000);
    expect(h.provider.count('network')).toBe(2);
    await h.clock.advance(8_000);
    expect(h.provider.count('rotated')).toBe(1);
    expect(h.outcomes.filter((o) => o.kind === 'waiting')).toHaveLength(1);
  });

  it('"Refresh now" is not held back', async () => {
    const h = harness();
    await wakeWith(h, -60_000);
    expect((await h.refresher.checkNow()).kind).toBe('waiting');
    expect((await h.refresher.refreshNow()).kind).toBe('refreshed');
    expect(h.provider.counters.refreshRequests).toBe(1);
  });

  it('with no grace (graceMs 0) it refreshes at once, as before issue 11', async () => {
    const h = harness({ graceMs: 0 });
    await wakeWith(h, -60_000);
    expect((await h.refresher.checkNow()).kind).toBe('refreshed');
  });

  it('the clock set back during the grace does not stretch it', async () => {
    const h = harness();
    await wakeWith(h, -3_600_000);
    await h.refresher.checkNow();
    h.clock.jump(-10 * 60_000);
    const again = await h.refresher.checkNow();
    expect(again).toMatchObject({ kind: 'waiting', untilMs: h.clock.now() + GRACE_MS });
  });
});

describe('Refresher: before the machine sleeps', () => {
  it('refreshes a token with less than a long night (16 h) left', async () => {
    const h = harness();
    await wakeWith(h, 15 * 3_600_000);
    expect((await h.refresher.refreshBeforeSleep()).kind).toBe('refreshed');
    expect(h.provider.count('rotated')).toBe(1);
  });

  it('leaves one with more than 16 h left alone', async () => {
    const h = harness();
    await wakeWith(h, 17 * 3_600_000);
    expect((await h.refresher.refreshBeforeSleep()).kind).toBe('not_due');
    expect(h.provider.counters.refreshRequests).toBe(0);
  });

  // Found by the simulation: the retry time of a failed early refresh stayed behind once the
  // token was "not due", and the timer re-armed itself at 0 ms for ever.
  it('a failed refresh before sleep of a token not yet due does not make the timer spin', async () => {
    const h = harness();
    await wakeWith(h, 15 * 3_600_000);
    h.provider.failNext('lost_response');
    expect((await h.refresher.refreshBeforeSleep()).kind).toBe('failed');
    await h.clock.advance(60_000);
    expect(h.clock.requestedDelays.filter((delay) => delay === 0).length).toBeLessThan(5);
    expect(h.refresher.nextRefreshAtMs).toBeGreaterThan(h.clock.now());
  });

  it('one already late stays with the grace', async () => {
    const h = harness();
    await wakeWith(h, -60_000);
    expect((await h.refresher.refreshBeforeSleep()).kind).toBe('waiting');
    expect(h.provider.counters.refreshRequests).toBe(0);
  });
});
