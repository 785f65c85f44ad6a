/** The refresh policies the simulation compares (issue 11): today's, and the one before it. */
import { BLIND_CLI_GRACE, DEFAULT_CLI_GRACE, type CliGraceOptions } from '../main/core/session/cli-grace.js';
import { DEFAULT_LIFETIME_SECONDS, refreshMarginSeconds } from '../main/core/session/refresh-policy.js';

/**
 * - `current`: half-life, a refresh before sleep, the wake grace with a check for running CLI
 *   commands (Linux, /proc);
 * - `no-process-check`: the same where running commands cannot be seen (macOS, Windows), with
 *   the longer grace used there;
 * - `old`: before issue 11: 10 minutes or 10 % of the lifetime before expiry, a late token
 *   refreshed at once, nothing before sleep.
 */
export type Policy = 'current' | 'no-process-check' | 'old';

export const POLICIES: readonly Policy[] = ['current', 'no-process-check', 'old'];

/** The margin before issue 11: 10 minutes, or 10 % of the lifetime if more, at most half of it. */
export function oldMarginSeconds(lifetimeSeconds: number): number {
  const lifetime = lifetimeSeconds > 0 ? lifetimeSeconds : DEFAULT_LIFETIME_SECONDS;
  return Math.min(Math.max(600, 0.1 * lifetime), lifetime / 2);
}

export function marginFor(policy: Policy): (lifetimeSeconds: number) => number {
  return policy === 'old' ? oldMarginSeconds : refreshMarginSeconds;
}

export function graceFor(policy: Policy, cliRunning: () => Promise<boolean>): CliGraceOptions {
  if (policy === 'old') return { ...DEFAULT_CLI_GRACE, graceMs: 0 };
  return policy === 'current' ? { ...DEFAULT_CLI_GRACE, cliRunning } : BLIND_CLI_GRACE;
}
