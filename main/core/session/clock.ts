/** Time and timers, injected so a simulation can run a year in seconds and tests never sleep. */
export interface Clock {
  /** Wall-clock milliseconds since the epoch (it may jump: sleep, NTP, the user). */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export interface TimerHandle {
  readonly id: unknown;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    // Long timers overflow at 2^31-1 ms; nothing here waits that long anyway (the tick is coarse).
    const timer = setTimeout(callback, Math.min(Math.max(0, ms), 2_147_483_647));
    timer.unref?.();
    return { id: timer };
  },
  clearTimeout: (handle) => clearTimeout(handle.id as NodeJS.Timeout),
};
