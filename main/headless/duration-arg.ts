import { UserFacingError } from '../core/errors.js';

const UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `5m`, `1h`, `1d` (a bare number is seconds), as milliseconds. */
export function parseDurationArg(option: string, text: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!match?.[1]) {
    throw new UserFacingError(
      `${option} takes a duration such as 90s, 5m or 1h (see pipecat-tray --help).`,
      'usage',
    );
  }
  return Number(match[1]) * (UNIT_MS[match[2] || 's'] ?? 1_000);
}
