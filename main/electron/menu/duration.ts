/**
 * A time span as a person reads it in a menu: "less than a minute", "45 min", "23 h", "3 d".
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
