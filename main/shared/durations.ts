/** Time spans as people read them in the menu, the tooltip and the account window. Pure. */

/**
 * "less than a minute", "45 min", "23 h", "3 d": the menu's and the tooltip's coarse wording.
 * Rounded down, so "refreshes in 23 h" never promises more time than there is.
 */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

/**
 * "refreshes in 23 h" or "refreshing now", as the menu and the account window both say it;
 * undefined while no refresh is planned.
 */
export function refreshCountdown(nextRefreshAtMs: number | undefined, nowMs: number): string | undefined {
  if (nextRefreshAtMs === undefined) return undefined;
  const left = nextRefreshAtMs - nowMs;
  return left > 0 ? `refreshes in ${formatDuration(left)}` : 'refreshing now';
}

/**
 * "23 h 59 min" for the token expiry line: finer than formatDuration, because the window redraws
 * it every minute and a countdown that does not move looks stuck. Rounded down too.
 */
export function formatCountdown(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return joinUnits(hours, 'h', minutes % 60, 'min');
  return joinUnits(Math.floor(hours / 24), 'd', hours % 24, 'h');
}

function joinUnits(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major} ${majorUnit}` : `${major} ${majorUnit} ${minor} ${minorUnit}`;
}
