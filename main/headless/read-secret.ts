import { UserFacingError } from '../core/errors.js';

/** The user pressed Ctrl-C (or Ctrl-D on an empty line) at the prompt. */
export class SecretEntryCancelled extends Error {
  override readonly name = 'SecretEntryCancelled';
  constructor() {
    super('Entry cancelled.');
  }
}

/** A token is short; a stream that goes on without a newline is not one. */
const MAX_SECRET_LENGTH = 16 * 1024;

/** stdin, or a stand-in: a terminal says `isTTY`. */
export type SecretInput = NodeJS.ReadableStream & { isTTY?: boolean };

/**
 * Reads a secret (a personal access token) the way `getpass` does, never from argv: on a terminal,
 * a prompt on `output` that shows one `*` per character (@inquirer/password, its reveal key
 * off); from a pipe, the first line, silently. Rejects with SecretEntryCancelled on Ctrl-C or
 * Ctrl-D; resolves '' when a pipe gave nothing.
 */
export async function readSecret(
  input: SecretInput,
  output: NodeJS.WritableStream,
  prompt: string,
): Promise<string> {
  if (!input.isTTY) return readLine(input);
  // Loaded only here: it would add about 40 ms to the start of every other command.
  const { default: password } = await import('@inquirer/password');
  try {
    return await password({ message: prompt, mask: '*', toggleMask: false }, { input, output });
  } catch (error) {
    // Inquirer's documented way to tell a Ctrl-C or Ctrl-D from a failure.
    if (error instanceof Error && error.name === 'ExitPromptError') throw new SecretEntryCancelled();
    throw error;
  }
}

/** One line from a pipe: everything up to the first `\n` (a `\r` before it is dropped too). */
function readLine(input: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const line = (): string => text.replace(/\r?\n[\s\S]*$/, '');
    const finish = (settle: () => void): void => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onError);
      input.pause();
      settle();
    };
    const onData = (chunk: string): void => {
      text += chunk;
      if (text.includes('\n')) finish(() => resolve(line()));
      else if (text.length > MAX_SECRET_LENGTH) {
        const error = new UserFacingError(
          'The input is too long to be a personal access token.',
          'pat_too_long',
        );
        finish(() => reject(error));
      }
    };
    const onEnd = (): void => finish(() => resolve(line()));
    const onError = (error: Error): void => finish(() => reject(error));
    input.setEncoding('utf8');
    input.on('data', onData);
    input.on('end', onEnd);
    input.on('error', onError);
    input.resume();
  });
}
