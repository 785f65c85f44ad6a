import { displayText } from '../../shared/display-text.js';

export const MAX_DETAIL_LENGTH = 200;

/**
 * Turns outside text (e.g. a provider's error_description) into one short plain line, or
 * undefined when nothing readable is left. The caller still escapes it.
 */
export function normalizeDetail(detail: string | undefined): string | undefined {
  if (detail === undefined) return undefined;
  const line = displayText(detail);
  if (line === '') return undefined;
  const characters = Array.from(line);
  if (characters.length <= MAX_DETAIL_LENGTH) return line;
  return `${characters
    .slice(0, MAX_DETAIL_LENGTH - 1)
    .join('')
    .trimEnd()}…`;
}
