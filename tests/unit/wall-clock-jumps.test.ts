import { describe, expect, it } from 'vitest';
import { watchWallClockJumps } from '../../main/core/session/wall-clock-jumps.js';

/** A hand-cranked interval and wall clock. */
function rig() {
  let wall = 1_000_000;
  let tick: (() => void) | undefined;
  let stopped = false;
  const jumps: number[] = [];
  const stop = watchWallClockJumps(() => jumps.push(wall), {
    intervalMs: 2_000,
    slackMs: 5_000,
    now: () => wall,
    every: (_ms, task) => {
      tick = task;
      return () => {
        stopped = true;
      };
    },
  });
  const elapse = (wallMs: number): void => {
    wall += wallMs;
    tick?.();
  };
  return { jumps, elapse, stop, stopped: () => stopped };
}

describe('watchWallClockJumps', () => {
  it('stays quiet while the interval fires on time, give or take the slack', () => {
    const r = rig();
    for (let i = 0; i < 100; i += 1) r.elapse(2_000);
    r.elapse(6_900); // a loaded machine: 4.9 s late
    r.elapse(2_000);
    expect(r.jumps).toEqual([]);
  });

  it('reports a sleep (the wall clock ran on while the timer stood still), once', () => {
    const r = rig();
    r.elapse(2_000);
    r.elapse(8 * 3_600_000);
    r.elapse(2_000);
    expect(r.jumps).toHaveLength(1);
  });

  it('reports the clock set back', () => {
    const r = rig();
    r.elapse(2_000);
    r.elapse(-10 * 60_000);
    expect(r.jumps).toHaveLength(1);
  });

  it('stops when told', () => {
    const r = rig();
    r.stop();
    expect(r.stopped()).toBe(true);
  });
});
