import { describe, expect, it } from 'vitest';
import {
  BACKOFF_BASE_MS,
  BACKOFF_CAP_MS,
  backoffDelayMs,
  DEFAULT_LIFETIME_SECONDS,
  refreshDueAtMs,
  refreshMarginSeconds,
} from '../../main/core/session/refresh-policy.js';
import { seededRandom } from './support/virtual-clock.js';

describe('refreshMarginSeconds', () => {
  it('is 10 % of a one-day lifetime (more than 10 minutes)', () => {
    expect(refreshMarginSeconds(86_400)).toBe(8_640);
  });

  it('is 10 minutes when 10 % of the lifetime is less', () => {
    expect(refreshMarginSeconds(3_600)).toBe(600);
    expect(refreshMarginSeconds(6_000)).toBe(600);
    expect(refreshMarginSeconds(6_001)).toBeCloseTo(600.1, 6);
  });

  it('is capped at half the lifetime, so a fresh short-lived token is not due at once', () => {
    expect(refreshMarginSeconds(1_200)).toBe(600);
    expect(refreshMarginSeconds(600)).toBe(300);
    expect(refreshMarginSeconds(3)).toBe(1.5);
  });

  it('falls back to the one-day default for an unknown or nonsense lifetime', () => {
    expect(refreshMarginSeconds(0)).toBe(refreshMarginSeconds(DEFAULT_LIFETIME_SECONDS));
    expect(refreshMarginSeconds(-5)).toBe(8_640);
  });
});

describe('refreshDueAtMs', () => {
  it('is the expiry minus the margin, in epoch milliseconds', () => {
    const expiresAt = 1_900_000_000.25;
    expect(refreshDueAtMs(expiresAt, 86_400)).toBe((expiresAt - 8_640) * 1000);
    expect(refreshDueAtMs(expiresAt, 3_600)).toBe((expiresAt - 600) * 1000);
    expect(refreshDueAtMs(expiresAt, 60)).toBe((expiresAt - 30) * 1000);
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
