import { UserFacingError } from '../core/errors.js';

/**
 * Reads a secret (a personal access token) the way `getpass` does: from the terminal without
 * echo when stdin is one, masked as `*`, else one line from stdin. Never from argv.
 */

/** The user pressed Ctrl-C (or Ctrl-D on an empty line) at the prompt. */
export class SecretEntryCancelled extends Error {
  override readonly name = 'SecretEntryCancelled';
  constructor() {
    super('Entry cancelled.');
  }
}

/** A token is short; a stream that goes on without a newline is not one. */
export const MAX_SECRET_LENGTH = 16 * 1024;

export type KeystrokeResult =
  { kind: 'editing'; echo: string } | { kind: 'submit'; echo: string } | { kind: 'cancel'; echo: string };

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const CTRL_U = '\u0015';
const ESC = '\u001b';
const BACKSPACE = ['\u007f', '\b'];
const ERASE_ONE = '\b \b';

/**
 * The prompt's line editor for raw-mode input: each character typed adds a `*`, Backspace and
 * Ctrl-U erase, Enter submits, Ctrl-C cancels. Escape sequences (arrows, bracketed paste
 * markers) are skipped, so they never become part of the token.
 */
export class MaskedLineEditor {
  private readonly chars: string[] = [];
  private escape: 'none' | 'esc' | 'csi' | 'ss3' = 'none';

  get value(): string {
    return this.chars.join('');
  }

  feed(chunk: string): KeystrokeResult {
    let echo = '';
    for (const ch of chunk) {
      if (this.escape !== 'none') {
        this.skipEscape(ch);
        continue;
      }
      if (ch === '\r' || ch === '\n') return { kind: 'submit', echo };
      if (ch === CTRL_C || (ch === CTRL_D && this.chars.length === 0)) return { kind: 'cancel', echo };
      if (BACKSPACE.includes(ch)) {
        if (this.chars.pop() !== undefined) echo += ERASE_ONE;
      } else if (ch === CTRL_U) {
        echo += ERASE_ONE.repeat(this.chars.length);
        this.chars.length = 0;
      } else if (ch === ESC) {
        this.escape = 'esc';
      } else if (ch >= ' ' && this.chars.length < MAX_SECRET_LENGTH) {
        this.chars.push(ch);
        echo += '*';
      }
    }
    return { kind: 'editing', echo };
  }

  private skipEscape(ch: string): void {
    if (this.escape === 'esc') {
      // ESC [ starts a CSI sequence, ESC O one more character (arrow keys in application mode).
      this.escape = ch === '[' ? 'csi' : ch === 'O' ? 'ss3' : 'none';
      return;
    }
    if (this.escape === 'ss3') {
      this.escape = 'none';
      return;
    }
    // A CSI sequence ends with a byte in @..~ (ECMA-48).
    if (ch >= '@' && ch <= '~') this.escape = 'none';
  }
}

/** What readSecret needs of stdin; `process.stdin` and a PassThrough (in tests) both fit. */
export interface SecretInput {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  on(event: 'data', listener: (chunk: string) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'data', listener: (chunk: string) => void): unknown;
  off(event: 'end', listener: () => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

export interface SecretOutput {
  write(text: string): unknown;
}

/**
 * The secret, without its line ending. A terminal gets `prompt` and one `*` per character on
 * `output`; piped input is read silently up to the first newline (or the end). Rejects with
 * SecretEntryCancelled on Ctrl-C. Resolves '' when nothing was entered.
 */
export function readSecret(input: SecretInput, output: SecretOutput, prompt: string): Promise<string> {
  return input.isTTY && input.setRawMode ? readMasked(input, output, prompt) : readLine(input);
}

function readMasked(input: SecretInput, output: SecretOutput, prompt: string): Promise<string> {
  const editor = new MaskedLineEditor();
  return listen(input, {
    start: () => {
      // Raw mode before the prompt: keys typed as soon as it shows must not be echoed by the terminal.
      input.setRawMode?.(true);
      output.write(prompt);
    },
    stop: () => {
      input.setRawMode?.(false);
      output.write('\n');
    },
    data: (chunk) => {
      const result = editor.feed(chunk);
      output.write(result.echo);
      if (result.kind === 'submit') return { value: editor.value };
      if (result.kind === 'cancel') return { error: new SecretEntryCancelled() };
      return undefined;
    },
    end: () => ({ error: new SecretEntryCancelled() }),
  });
}

/** One line from a pipe: everything up to the first `\n` (a `\r` before it is dropped too). */
export function readLine(input: SecretInput): Promise<string> {
  let text = '';
  const line = (): string => text.replace(/\r?\n[\s\S]*$/, '');
  return listen(input, {
    data: (chunk) => {
      text += chunk;
      if (text.includes('\n')) return { value: line() };
      if (text.length > MAX_SECRET_LENGTH) {
        return {
          error: new UserFacingError('The input is too long to be a personal access token.', 'pat_too_long'),
        };
      }
      return undefined;
    },
    end: () => ({ value: line() }),
  });
}

type Settled = { value: string } | { error: Error };

interface Handlers {
  start?: () => void;
  stop?: () => void;
  data: (chunk: string) => Settled | undefined;
  end: () => Settled;
}

/** Subscribes, and on the first settled result detaches, pauses the stream and restores the terminal. */
function listen(input: SecretInput, handlers: Handlers): Promise<string> {
  return new Promise((resolve, reject) => {
    const finish = (settled: Settled): void => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onError);
      input.pause();
      handlers.stop?.();
      if ('value' in settled) resolve(settled.value);
      else reject(settled.error);
    };
    const onData = (chunk: string): void => {
      const settled = handlers.data(chunk);
      if (settled) finish(settled);
    };
    const onEnd = (): void => finish(handlers.end());
    const onError = (error: Error): void => finish({ error });
    input.setEncoding('utf8');
    handlers.start?.();
    input.on('data', onData);
    input.on('end', onEnd);
    input.on('error', onError);
    input.resume();
  });
}
