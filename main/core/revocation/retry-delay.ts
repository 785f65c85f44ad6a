/** The first retry of a revocation waits about this long; each failure doubles it… */
export const REVOCATION_RETRY_BASE_MS = 5_000;
/** …up to this: a revocation service that is down for hours is asked twice an hour. */
export const REVOCATION_RETRY_CAP_MS = 30 * 60_000;

/**
 * How long to wait after the `failures`-th failed try: exponential, capped, with jitter in the
 * upper half (so many apps signed out during one outage do not come back at the same instant).
 */
export function revocationRetryDelayMs(failures: number, random: () => number): number {
  const ceiling = Math.min(
    REVOCATION_RETRY_CAP_MS,
    REVOCATION_RETRY_BASE_MS * 2 ** Math.max(0, failures - 1),
  );
  return Math.floor(ceiling / 2 + (random() * ceiling) / 2);
}
