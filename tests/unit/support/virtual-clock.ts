/**
 * A `Clock` with virtual time, so tests (and a year-long simulation) never sleep.
 *
 * Two clocks, as on a real machine: the wall clock `now()` (which sleep, NTP or the user can
 * move: `jump`) and a monotonic clock that timers run on (it stands still while the machine
 * sleeps, so a timer set before a sleep fires that much later in wall-clock time).
 */
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import type { Clock, TimerHandle } from '../../../main/core/session/clock.js';

interface Timer {
  id: number;
  /** Monotonic ms at which it fires. */
  at: number;
  callback: () => void;
}

const MAX_FIRINGS_AT_ONE_INSTANT = 1_000;

/** Lets every promise chain that does not wait on real I/O run to its end (no wall-clock sleep). */
export async function flushPromises(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i += 1) await nextMacrotask();
}

/** mulberry32: a small seeded generator, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export class VirtualClock implements Clock {
  /** Seeded, for the refresher's backoff jitter. */
  readonly random: () => number;
  /** Every delay ever passed to setTimeout, in order. */
  readonly requestedDelays: number[] = [];

  private wallMs: number;
  private monotonicMs = 0;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();

  constructor(options: { startMs?: number; seed?: number } = {}) {
    this.wallMs = options.startMs ?? Date.UTC(2030, 0, 1);
    this.random = seededRandom(options.seed ?? 1);
  }

  now(): number {
    return this.wallMs;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const delay = Math.max(0, ms);
    this.requestedDelays.push(delay);
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.monotonicMs + delay, callback });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    if (typeof handle.id === 'number') this.timers.delete(handle.id);
  }

  /** How many timers are waiting to fire. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Wall-clock ms at which each waiting timer fires (if the machine stays awake), earliest first. */
  pendingFireTimes(): number[] {
    return [...this.timers.values()]
      .map((timer) => this.wallMs + (timer.at - this.monotonicMs))
      .sort((a, b) => a - b);
  }

  /**
   * Lets `ms` pass with the machine awake: fires each due timer in order at its own time, and lets
   * the async work it starts finish before the next one (timers that work sets are honoured too).
   */
  async advance(ms: number): Promise<void> {
    if (ms < 0) throw new RangeError('advance() goes forward only; use jump() to move the wall clock');
    const end = this.monotonicMs + ms;
    await flushPromises();
    let sameInstant = 0;
    for (;;) {
      const next = this.earliestDueBy(end);
      if (!next) break;
      // A timer that keeps re-arming itself without letting time pass would spin here for ever.
      sameInstant = next.at === this.monotonicMs ? sameInstant + 1 : 0;
      if (sameInstant > MAX_FIRINGS_AT_ONE_INSTANT) {
        throw new Error(`timer storm: over ${MAX_FIRINGS_AT_ONE_INSTANT} timers fired without time passing`);
      }
      this.moveTo(next.at);
      this.timers.delete(next.id);
      next.callback();
      await flushPromises();
    }
    this.moveTo(end);
    await flushPromises();
  }

  /** Advances to the next timer and fires it (and whatever it starts); returns whether there was one. */
  async runNext(): Promise<boolean> {
    const next = this.earliestDueBy(Infinity);
    if (!next) return false;
    await this.advance(next.at - this.monotonicMs);
    return true;
  }

  /**
   * Moves the wall clock only (a sleep the timers did not see, or a clock adjustment): no timer
   * fires and pending timers stay as far away as they were.
   */
  jump(ms: number): void {
    this.wallMs += ms;
  }

  private earliestDueBy(end: number): Timer | undefined {
    let earliest: Timer | undefined;
    for (const timer of this.timers.values()) {
      if (timer.at > end) continue;
      // Map iteration is insertion order, so equal times fire in the order they were set.
      if (!earliest || timer.at < earliest.at) earliest = timer;
    }
    return earliest;
  }

  private moveTo(monotonicMs: number): void {
    this.wallMs += monotonicMs - this.monotonicMs;
    this.monotonicMs = monotonicMs;
  }
}
