/**
 * Text from outside (the API's names, the identity provider's words) made safe to show in a
 * terminal, a tray menu, a tooltip, a notification or a window: it may not move the cursor, end
 * the line, start an escape sequence or reorder what the user reads. Ordinary Unicode (accents,
 * other scripts, emoji with their joiners) is kept.
 */

// C0 and C1 controls (ESC, BEL, CR, LF, CSI …), DEL, and the line and paragraph separators: each
// can end a line or start a terminal sequence. They become a space, so words stay apart.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

// Invisible format characters that reorder or hide text: the Arabic letter mark, the Mongolian
// vowel separator, zero width space, the bidi marks, embeddings, overrides and isolates, the word
// joiner and invisible operators, the deprecated format controls, the byte order mark, interlinear
// annotations and tag characters. Removed. ZWNJ and ZWJ (U+200C, U+200D) stay: scripts and emoji
// need them.
const HIDDEN =
  /[\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]|[\u{e0000}-\u{e007f}]/gu;

// The terminal's own line breaks and tabs stay in multi-line output (help, JSON); nothing else does.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

/** One line of outside text, safe to show anywhere: controls become spaces, hidden formatting goes. */
export function displayText(text: string): string {
  return text.replace(BREAKING, ' ').replace(HIDDEN, '').replace(/\s+/g, ' ').trim();
}

/**
 * What the terminal command writes, as a last line of defence: line breaks and tabs of its own
 * output stay, every other control and hidden format character goes. Names embedded in a line
 * have already been through displayText, so a name cannot add a line here.
 */
export function terminalText(text: string): string {
  return text.replace(TERMINAL_UNSAFE, '').replace(HIDDEN, '');
}

/**
 * JSON for a terminal with its data intact: the characters JSON.stringify leaves raw (C1 controls,
 * separators, bidi and other hidden format characters) are written as `\uXXXX` escapes, which
 * parse back to the same string. They can only occur inside strings, so the JSON stays valid.
 */
export function terminalJson(value: unknown): string {
  const unsafe = new RegExp(`${TERMINAL_UNSAFE.source}|${HIDDEN.source}`, 'gu');
  return JSON.stringify(value, null, 2).replace(unsafe, (match) =>
    Array.from(
      { length: match.length },
      (_, i) => `\\u${match.charCodeAt(i).toString(16).padStart(4, '0')}`,
    ).join(''),
  );
}
