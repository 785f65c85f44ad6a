import { displayText } from '../../shared/display-text.js';

/**
 * Electron reads `&` in a menu label as a mnemonic marker and drops it, on every OS; `&&` shows
 * one ampersand (electron/electron#9584, #25028). Text that comes from the account (emails,
 * organization names, error messages) goes through here, and displayText first: a label is one
 * line that no control or bidi character can rearrange.
 */
export function literalLabel(text: string, maxLength = 80): string {
  const oneLine = displayText(text);
  const short = oneLine.length > maxLength ? `${oneLine.slice(0, maxLength - 1).trimEnd()}…` : oneLine;
  return short.replace(/&/g, '&&');
}
