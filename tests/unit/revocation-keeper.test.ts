import { describe, expect, it } from 'vitest';
import {
  RevocationKeeper,
  SIGNED_OUT_ELSEWHERE_GRACE_MS,
  type RevocationReport,
} from '../../main/core/revocation/keeper.js';
import {
  memoryRevocationStore,
  type PendingRevocationStore,
} from '../../main/core/revocation/pending-store.js';
import {
  REVOCATION_RETRY_BASE_MS,
  REVOCATION_RETRY_CAP_MS,
  revocationRetryDelayMs,
} from '../../main/core/revocation/retry-delay.js';
import type { RevocationAnswer, SessionToRevoke } from '../../main/core/revocation/revoke-session.js';
import { flushPromises, VirtualClock } from './support/virtual-clock.js';

const SESSION: SessionToRevoke = { apiHost: 'https://api.example', accessToken: 'a1', refreshToken: 'r1' };
const DOWN: RevocationAnswer = {
  kind: 'not_revoked',
  why: { kind: 'service_down', status: 503 },
  session: SESSION,
};

/** A keeper on a virtual clock whose tries answer from `answers` (then `revoked`). */
function keeperWith(answers: RevocationAnswer[], store: PendingRevocationStore = memoryRevocationStore()) {
  const clock = new VirtualClock({ seed: 7 });
  const tries: { at: number; session: SessionToRevoke; askProviderIfRefused: boolean }[] = [];
  const reports: RevocationReport[] = [];
  const keeper = new RevocationKeeper({
    attempt: async (session, { askProviderIfRefused }) => {
      tries.push({ at: clock.now(), session, askProviderIfRefused });
      return answers.shift() ?? { kind: 'revoked' };
    },
    clock,
    random: clock.random,
    store,
    onReport: (report) => reports.push(report),
  });
  return { clock, keeper, tries, reports, store };
}

describe('RevocationKeeper', () => {
  it('retries with backoff until Pipecat Cloud confirms, then forgets the session', async () => {
    const { clock, keeper, tries, reports, store } = keeperWith([DOWN, DOWN, DOWN]);
    const start = clock.now();
    await expect(keeper.revokeNow(SESSION)).resolves.toEqual(DOWN);
    expect(keeper.pendingCount).toBe(1);
    expect(await store.load()).toEqual([SESSION]);
    while (await clock.runNext());
    expect(tries).toHaveLength(4);
    const gaps = tries.slice(1).map((t, i) => t.at - (tries[i]?.at ?? start));
    expect(gaps[0]).toBeGreaterThanOrEqual(REVOCATION_RETRY_BASE_MS / 2);
    expect(gaps[1]).toBeGreaterThan(REVOCATION_RETRY_BASE_MS);
    expect(gaps[2]).toBeGreaterThan(REVOCATION_RETRY_BASE_MS * 2);
    expect(reports.map((r) => r.outcome)).toEqual([
      'service_down',
      'service_down',
      'service_down',
      'revoked',
    ]);
    expect(reports.at(-1)?.retryAtMs).toBeUndefined();
    expect(keeper.pendingCount).toBe(0);
    expect(await store.load()).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('ends when the provider says the session had already ended', async () => {
    const { clock, keeper, tries } = keeperWith([DOWN, { kind: 'already_ended' }, DOWN]);
    await keeper.revokeNow(SESSION);
    while (await clock.runNext());
    expect(tries).toHaveLength(2);
    expect(keeper.pendingCount).toBe(0);
  });

  it('tries again with the tokens a try rotated', async () => {
    const rotated = { ...SESSION, accessToken: 'a2', refreshToken: 'r2' };
    const { clock, keeper, tries } = keeperWith([{ ...DOWN, session: rotated }]);
    await keeper.revokeNow(SESSION);
    while (await clock.runNext());
    expect(tries.map((t) => t.session)).toEqual([SESSION, rotated]);
  });

  it('a session signed out elsewhere waits the grace; another notice of it changes nothing', async () => {
    const { clock, keeper, tries } = keeperWith([]);
    const start = clock.now();
    keeper.revokeLater(SESSION, SIGNED_OUT_ELSEWHERE_GRACE_MS);
    keeper.revokeLater(SESSION, 0);
    await clock.advance(SIGNED_OUT_ELSEWHERE_GRACE_MS - 1);
    expect(tries).toHaveLength(0);
    await clock.advance(1);
    expect(tries.map((t) => t.at - start)).toEqual([SIGNED_OUT_ELSEWHERE_GRACE_MS]);
    keeper.revokeLater(SESSION, 0);
    while (await clock.runNext());
    expect(tries).toHaveLength(1);
  });

  it('signed out elsewhere: a refused token ends the first try only; later tries ask the provider', async () => {
    const { clock, keeper, tries } = keeperWith([DOWN, DOWN]);
    keeper.revokeLater(SESSION, SIGNED_OUT_ELSEWHERE_GRACE_MS);
    while (await clock.runNext());
    expect(tries.map((t) => t.askProviderIfRefused)).toEqual([false, true, true]);
    const own = keeperWith([]);
    await own.keeper.revokeNow(SESSION);
    expect(own.tries.map((t) => t.askProviderIfRefused)).toEqual([true]);
  });

  it('signed out here during the grace: tried at once, once; settled answers are remembered', async () => {
    const { clock, keeper, tries } = keeperWith([]);
    keeper.revokeLater(SESSION, SIGNED_OUT_ELSEWHERE_GRACE_MS);
    const [first, second] = await Promise.all([keeper.revokeNow(SESSION), keeper.revokeNow(SESSION)]);
    expect([first, second]).toEqual([{ kind: 'revoked' }, { kind: 'revoked' }]);
    await expect(keeper.revokeNow(SESSION)).resolves.toEqual({ kind: 'revoked' });
    while (await clock.runNext());
    expect(tries).toHaveLength(1);
  });

  it('stop cancels the retries', async () => {
    const { clock, keeper, tries } = keeperWith([DOWN, DOWN]);
    await keeper.revokeNow(SESSION);
    keeper.stop();
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(REVOCATION_RETRY_CAP_MS * 2);
    expect(tries).toHaveLength(1);
  });

  it('start tries again what the store kept from an earlier run (the keychain seam)', async () => {
    const store = memoryRevocationStore();
    await store.save([SESSION]);
    const { clock, keeper, tries } = keeperWith([], store);
    await keeper.start();
    await flushPromises();
    while (await clock.runNext());
    expect(tries.map((t) => t.session)).toEqual([SESSION]);
    expect(await store.load()).toEqual([]);
  });
});

describe('revocationRetryDelayMs', () => {
  it('doubles from about 5 s and stays under the 30 min cap, with jitter in the upper half', () => {
    for (const random of [0, 0.5, 0.999]) {
      const delays = [1, 2, 3, 4, 20].map((n) => revocationRetryDelayMs(n, () => random));
      expect(delays[0]).toBeGreaterThanOrEqual(REVOCATION_RETRY_BASE_MS / 2);
      expect(delays[0]).toBeLessThanOrEqual(REVOCATION_RETRY_BASE_MS);
      expect(delays[3]).toBeGreaterThanOrEqual(REVOCATION_RETRY_BASE_MS * 4);
      expect(delays[4]).toBeLessThanOrEqual(REVOCATION_RETRY_CAP_MS);
      expect(delays[4]).toBeGreaterThanOrEqual(REVOCATION_RETRY_CAP_MS / 2);
    }
  });
});
