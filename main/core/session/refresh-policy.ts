/** When to refresh and how to back off: pure functions, the numbers of docs/refresh-protocol.md. */

/** The CLI refreshes only when fewer than this many seconds remain (pipecatcloud `_is_token_expired`). */
export const CLI_REFRESH_WINDOW_SECONDS = 60;
export const MIN_MARGIN_SECONDS = 10 * 60;
export const MARGIN_FRACTION = 0.1;
export const DEFAULT_LIFETIME_SECONDS = 86_400;
/** The coarse wall-clock tick that catches what timers miss (sleep, clock changes). */
export const TICK_MS = 60_000;

export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

/**
 * Seconds before expiry at which the app refreshes: about 10 minutes, or 10 % of the lifetime if
 * that is more, so the CLI (last 60 s) never has to. Short test lifetimes cap it at half the
 * lifetime, or a fresh token would be due at once.
 */
export function refreshMarginSeconds(lifetimeSeconds: number): number {
  const lifetime = lifetimeSeconds > 0 ? lifetimeSeconds : DEFAULT_LIFETIME_SECONDS;
  return Math.min(Math.max(MIN_MARGIN_SECONDS, MARGIN_FRACTION * lifetime), lifetime / 2);
}

/** Epoch ms at which a token expiring at `expiresAtSeconds` should be refreshed. */
export function refreshDueAtMs(expiresAtSeconds: number, lifetimeSeconds: number): number {
  return (expiresAtSeconds - refreshMarginSeconds(lifetimeSeconds)) * 1000;
}

/**
 * Full-jitter exponential backoff (AWS architecture blog): attempt 1 waits up to 2 s, then 4, 8 …
 * capped at 5 minutes. `random` is injected so simulations are seeded.
 */
export function backoffDelayMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.max(BACKOFF_BASE_MS / 2, Math.floor(random() * ceiling));
}
