/** When to refresh and how to back off: pure functions, the numbers of docs/refresh-protocol.md. */

/** The CLI refreshes only when fewer than this many seconds remain (pipecatcloud `_is_token_expired`). */
export const CLI_REFRESH_WINDOW_SECONDS = 60;
export const DEFAULT_LIFETIME_SECONDS = 86_400;
/** The coarse wall-clock tick that catches what timers miss (sleep, clock changes). */
export const TICK_MS = 60_000;

export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

/**
 * Seconds before expiry at which the app refreshes: half the lifetime, so a token refreshed on
 * time outlives any sleep shorter than half a lifetime (12 h for one-day tokens), twice a day.
 * Never less than the earlier floors (10 minutes, 10 % of the lifetime) for lifetimes over 20
 * minutes; shorter test lifetimes were already capped at half.
 */
export function refreshMarginSeconds(lifetimeSeconds: number): number {
  const lifetime = lifetimeSeconds > 0 ? lifetimeSeconds : DEFAULT_LIFETIME_SECONDS;
  return lifetime / 2;
}

/** Epoch ms at which a token expiring at `expiresAtSeconds` should be refreshed. */
export function refreshDueAtMs(expiresAtSeconds: number, lifetimeSeconds: number): number {
  return (expiresAtSeconds - refreshMarginSeconds(lifetimeSeconds)) * 1000;
}

/** Before a suspend the app refreshes a token with less than this left: a long night's sleep. */
export const SLEEP_HORIZON_SECONDS = 16 * 3600;

/**
 * Whether a token should be refreshed before the machine sleeps: it has less than a long night
 * left (or, for short lifetimes, less than three quarters of its lifetime).
 */
export function refreshBeforeSleepDue(
  expiresAtSeconds: number,
  lifetimeSeconds: number,
  nowMs: number,
): boolean {
  const lifetime = lifetimeSeconds > 0 ? lifetimeSeconds : DEFAULT_LIFETIME_SECONDS;
  return expiresAtSeconds - nowMs / 1000 < Math.min(SLEEP_HORIZON_SECONDS, 0.75 * lifetime);
}

/**
 * A token this close to expiry may be in a CLI command's hands: the CLI refreshes in its last
 * 60 s, and a command that read the file up to a minute earlier may reach that point later.
 */
export const CLI_DANGER_SECONDS = 2 * CLI_REFRESH_WINDOW_SECONDS;
/** A check this much later than the refresh was due means the app did not run (sleep, freeze, quit, offline). */
export const LATE_SLACK_MS = 5_000;

/**
 * Whether refreshing now could race a CLI command refreshing the same token: the app is late
 * (on time it refreshes long before the CLI's window) and the token is expired or near the
 * CLI's window.
 */
export function mayRaceTheCli(expiresAtSeconds: number, dueAtMs: number, nowMs: number): boolean {
  return nowMs >= Math.max(dueAtMs + LATE_SLACK_MS, (expiresAtSeconds - CLI_DANGER_SECONDS) * 1000);
}

/**
 * Full-jitter exponential backoff (AWS architecture blog): attempt 1 waits up to 2 s, then 4, 8 …
 * capped at 5 minutes. `random` is injected so simulations are seeded.
 */
export function backoffDelayMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.max(BACKOFF_BASE_MS / 2, Math.floor(random() * ceiling));
}
