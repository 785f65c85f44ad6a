/** `powerMonitor`'s events that mean "the machine is back" or "about to sleep" (a fake emitter in tests). */
export interface PowerEvents {
  on(event: 'resume' | 'unlock-screen' | 'suspend', listener: () => void): unknown;
  off(event: 'resume' | 'unlock-screen' | 'suspend', listener: () => void): unknown;
}

export interface WakeSources {
  power: PowerEvents;
  /** `net.online`: Electron's main process has no event for it, so it is read on `every`. */
  isOnline(): boolean;
  /** `setInterval`, returning a function that stops it. */
  every(ms: number, task: () => void): () => void;
}

const ONLINE_POLL_MS = 15_000;

/**
 * Calls `checkNow` when the machine wakes, the screen is unlocked, or the network comes back:
 * timers stand still during sleep, so the refresher re-checks the absolute expiry (docs/refresh-protocol.md,
 * "Sleep, wake and clock changes"). Returns a function that stops watching.
 */
export function watchWake(sources: WakeSources, checkNow: () => void, pollMs = ONLINE_POLL_MS): () => void {
  const wake = (): void => checkNow();
  sources.power.on('resume', wake);
  sources.power.on('unlock-screen', wake);
  let online = sources.isOnline();
  const stopPolling = sources.every(pollMs, () => {
    const now = sources.isOnline();
    if (now && !online) checkNow();
    online = now;
  });
  return () => {
    sources.power.off('resume', wake);
    sources.power.off('unlock-screen', wake);
    stopPolling();
  };
}

/**
 * Calls `beforeSleep` when the machine is about to sleep, so a token that would not outlive a
 * long night is refreshed first (issue 11). Best effort: the OS gives little time, and a refresh
 * that does not finish is answered, or retried with the wake grace, after the wake.
 */
export function watchSuspend(power: PowerEvents, beforeSleep: () => void): () => void {
  const suspend = (): void => beforeSleep();
  power.on('suspend', suspend);
  return () => power.off('suspend', suspend);
}
