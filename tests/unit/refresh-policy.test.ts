import { describe, expect, it } from 'vitest';
import {
  BACKOFF_BASE_MS,
  BACKOFF_CAP_MS,
  backoffDelayMs,
  DEFAULT_LIFETIME_SECONDS,
  LATE_SLACK_MS,
  mayRaceTheCli,
  refreshBeforeSleepDue,
  refreshDueAtMs,
  refreshMarginSeconds,
} from '../../main/core/session/refresh-policy.js';
import { seededRandom } from './support/virtual-clock.js';

describe('refreshMarginSeconds (half-life)', () => {
  it('is half of a one-day lifetime: refreshed twice a day, 12 h before expiry', () => {
    expect(refreshMarginSeconds(86_400)).toBe(43_200);
  });

  it('is half the lifetime for any lifetime, never below the earlier floors (10 min, 10 %) from 20 min up', () => {
    expect(refreshMarginSeconds(3_600)).toBe(1_800);
    expect(refreshMarginSeconds(1_200)).toBe(600);
    for (const lifetime of [1_200, 3_600, 6_001, 86_400, 7 * 86_400]) {
      expect(refreshMarginSeconds(lifetime)).toBeGreaterThanOrEqual(Math.max(600, 0.1 * lifetime));
    }
  });

  it('is half the lifetime for short test lifetimes too, so a fresh token is not due at once', () => {
    expect(refreshMarginSeconds(600)).toBe(300);
    expect(refreshMarginSeconds(3)).toBe(1.5);
  });

  it('falls back to the one-day default for an unknown or nonsense lifetime', () => {
    expect(refreshMarginSeconds(0)).toBe(refreshMarginSeconds(DEFAULT_LIFETIME_SECONDS));
    expect(refreshMarginSeconds(-5)).toBe(43_200);
  });
});

describe('refreshDueAtMs', () => {
  it('is the expiry minus half the lifetime, in epoch milliseconds', () => {
    const expiresAt = 1_900_000_000.25;
    expect(refreshDueAtMs(expiresAt, 86_400)).toBe((expiresAt - 43_200) * 1000);
    expect(refreshDueAtMs(expiresAt, 3_600)).toBe((expiresAt - 1_800) * 1000);
    expect(refreshDueAtMs(expiresAt, 60)).toBe((expiresAt - 30) * 1000);
  });
});

describe('refreshBeforeSleepDue', () => {
  const now = 1_900_000_000_000;
  const expiringIn = (seconds: number): number => now / 1000 + seconds;

  it('refreshes a one-day token with less than a long night (16 h) left, not one with more', () => {
    expect(refreshBeforeSleepDue(expiringIn(16 * 3600 - 1), 86_400, now)).toBe(true);
    expect(refreshBeforeSleepDue(expiringIn(13 * 3600), 86_400, now)).toBe(true);
    expect(refreshBeforeSleepDue(expiringIn(16 * 3600 + 1), 86_400, now)).toBe(false);
  });

  it('for short lifetimes: when less than three quarters of it is left', () => {
    expect(refreshBeforeSleepDue(expiringIn(2_699), 3_600, now)).toBe(true);
    expect(refreshBeforeSleepDue(expiringIn(2_701), 3_600, now)).toBe(false);
  });

  it('an expired token is due too', () => {
    expect(refreshBeforeSleepDue(expiringIn(-10), 86_400, now)).toBe(true);
  });
});

describe('mayRaceTheCli', () => {
  const now = 1_900_000_000_000;
  const day = 86_400;

  it('a one-day token refreshed late inside the last 2 minutes (the CLI`s minute and one more) may race', () => {
    const expiresAt = now / 1000 + 119;
    expect(mayRaceTheCli(expiresAt, refreshDueAtMs(expiresAt, day), now)).toBe(true);
    expect(mayRaceTheCli(now / 1000 - 3_600, refreshDueAtMs(now / 1000 - 3_600, day), now)).toBe(true);
  });

  it('an overdue one-day token with more than 2 minutes left may not: no CLI refreshes it yet', () => {
    const expiresAt = now / 1000 + 121;
    expect(mayRaceTheCli(expiresAt, refreshDueAtMs(expiresAt, day), now)).toBe(false);
  });

  it('a short-lived token refreshed on time is not late, even inside the CLI`s window', () => {
    // 70 s tokens: due with 35 s left, which is inside the CLI's minute.
    const expiresAt = now / 1000 + 35;
    expect(mayRaceTheCli(expiresAt, refreshDueAtMs(expiresAt, 70), now)).toBe(false);
    expect(mayRaceTheCli(expiresAt, refreshDueAtMs(expiresAt, 70), now + LATE_SLACK_MS)).toBe(true);
  });
});

describe('backoffDelayMs (full jitter)', () => {
  const ceilingOf = (attempt: number): number =>
    Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));

  it('draws uniformly below a ceiling that doubles per attempt', () => {
    const almostOne = (): number => 0.999_999;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffDelayMs(attempt, almostOne))).toEqual([
      1_999, 3_999, 7_999, 15_999, 31_999, 63_999, 127_999, 255_999,
    ]);
    const half = (): number => 0.5;
    expect(backoffDelayMs(4, half)).toBe(8_000);
  });

  it('is capped at 5 minutes however many attempts failed', () => {
    const almostOne = (): number => 0.999_999;
    expect(backoffDelayMs(9, almostOne)).toBe(BACKOFF_CAP_MS - 1);
    expect(backoffDelayMs(50, almostOne)).toBe(BACKOFF_CAP_MS - 1);
    expect(backoffDelayMs(10_000, almostOne)).toBe(BACKOFF_CAP_MS - 1);
    expect(BACKOFF_CAP_MS).toBe(300_000);
  });

  it('never goes below the floor (half the base), even when the draw is 0', () => {
    const zero = (): number => 0;
    for (const attempt of [0, 1, 2, 10, 100]) expect(backoffDelayMs(attempt, zero)).toBe(BACKOFF_BASE_MS / 2);
  });

  it('uses the injected random: same seed, same delays; other seed, other delays', () => {
    const run = (seed: number): number[] => {
      const random = seededRandom(seed);
      return Array.from({ length: 12 }, (_, i) => backoffDelayMs(i + 1, random));
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });

  it('spreads the delays over [floor, ceiling) for each attempt (seeded)', () => {
    const random = seededRandom(7);
    for (const attempt of [3, 6, 12]) {
      const ceiling = ceilingOf(attempt);
      const delays = Array.from({ length: 2_000 }, () => backoffDelayMs(attempt, random));
      for (const delay of delays) {
        expect(delay).toBeGreaterThanOrEqual(BACKOFF_BASE_MS / 2);
        expect(delay).toBeLessThan(ceiling);
        expect(Number.isInteger(delay)).toBe(true);
      }
      // Full jitter, not "ceiling ± a little": both halves of the range are used.
      expect(delays.some((delay) => delay < ceiling / 2)).toBe(true);
      expect(delays.some((delay) => delay > ceiling / 2)).toBe(true);
    }
  });
});
