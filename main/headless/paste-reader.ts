import type { CallbackPaste } from '../core/sign-in/callback-paste.js';
import type { Output } from './output.js';
import { readLines, type LineInput } from './read-lines.js';

export const PASTE_HINT =
  'If the browser ends on a page that cannot be reached, copy its whole address and paste it here.';

/**
 * Feeds each line typed or piped on `input` to `paste` until the sign-in stops waiting or `stop`
 * aborts. A refused line gets its one sentence on stderr and the sign-in keeps waiting (in a
 * terminal the user pastes again); input that ends leaves the loopback server waiting alone.
 * The line holds a one-time code: it is never printed back or logged.
 */
export function readPastedAddresses(
  paste: CallbackPaste,
  input: LineInput,
  output: Output,
  stop: AbortSignal,
): Promise<void> {
  return readLines(
    input,
    (line) => {
      if (line.trim() === '') return;
      const verdict = paste.submit(line);
      if (verdict.accepted) output.out('Address received; finishing the sign-in…');
      else output.err(verdict.message);
    },
    AbortSignal.any([paste.ended, stop]),
  );
}
