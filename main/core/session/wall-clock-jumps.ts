export interface WallClockJumpOptions {
  /** How often to look (ms). */
  intervalMs?: number;
  /** How far the wall clock may drift from the interval before it counts as a jump (ms). */
  slackMs?: number;
  now?: () => number;
  every?: (ms: number, task: () => void) => () => void;
}

const unrefInterval = (ms: number, task: () => void): (() => void) => {
  const timer = setInterval(task, ms);
  timer.unref();
  return () => clearInterval(timer);
};

/**
 * Node has no "resumed from sleep" event (the tray has Electron's powerMonitor; the daemon does
 * not). Timers run on a clock that stops during sleep, so a short interval whose wall-clock gap is
 * far longer than asked means the machine slept (or the process was frozen); far shorter or
 * negative means the clock was set back. Either way `onJump` runs, within `intervalMs` of the
 * wake, instead of up to a whole refresher tick later, when a CLI command may already have found
 * an expired token. Returns a function that stops watching.
 */
export function watchWallClockJumps(onJump: () => void, options: WallClockJumpOptions = {}): () => void {
  const intervalMs = options.intervalMs ?? 2_000;
  const slackMs = options.slackMs ?? 5_000;
  const now = options.now ?? Date.now;
  let last = now();
  return (options.every ?? unrefInterval)(intervalMs, () => {
    const current = now();
    if (Math.abs(current - last - intervalMs) > slackMs) onJump();
    last = current;
  });
}
