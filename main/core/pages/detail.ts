const MAX_DETAIL_LENGTH = 200;

// C0/C1 controls and bidirectional overrides: they could reorder or hide the text a user reads.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Turns outside text (e.g. a provider's error_description) into one short plain line, or
 * undefined when nothing readable is left. The caller still escapes it.
 */
export function normalizeDetail(detail: string | undefined): string | undefined {
  if (detail === undefined) return undefined;
  const line = detail.replace(CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
  if (line === '') return undefined;
  const characters = Array.from(line);
  if (characters.length <= MAX_DETAIL_LENGTH) return line;
  return `${characters
    .slice(0, MAX_DETAIL_LENGTH - 1)
    .join('')
    .trimEnd()}…`;
}
