/** What readLines needs of stdin; `process.stdin` (a terminal or a pipe) and a PassThrough fit. */
export interface LineInput {
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

/** Longer than any address worth reading; a stream that goes on without a newline is cut here. */
export const MAX_LINE_LENGTH = 16 * 1024;

/**
 * Hands each line of `input` (without its line ending) to `onLine`, until the input ends or
 * `signal` aborts; then stops listening and pauses the stream, so it no longer keeps the process
 * alive. A line longer than MAX_LINE_LENGTH is handed over cut there, and its rest skipped.
 * Resolves when reading stopped.
 */
export function readLines(
  input: LineInput,
  onLine: (line: string) => void,
  signal: AbortSignal,
): Promise<void> {
  return new Promise((resolve) => {
    let buffer = '';
    let skipping = false;
    const emit = (line: string): void => {
      if (!skipping && !signal.aborted) onLine(line);
    };
    const onData = (chunk: string): void => {
      buffer += chunk;
      for (let newline = buffer.indexOf('\n'); newline !== -1; newline = buffer.indexOf('\n')) {
        emit(buffer.slice(0, newline).replace(/\r$/, ''));
        skipping = false;
        buffer = buffer.slice(newline + 1);
      }
      if (buffer.length > MAX_LINE_LENGTH) {
        emit(buffer.slice(0, MAX_LINE_LENGTH));
        skipping = true;
        buffer = '';
      }
    };
    const stop = (): void => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', stop);
      signal.removeEventListener('abort', stop);
      // Paused from inside a 'data' handler, process.stdin keeps reading (and the process alive).
      setImmediate(() => {
        input.pause();
        resolve();
      });
    };
    const onEnd = (): void => {
      if (buffer !== '') emit(buffer);
      stop();
    };
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', stop, { once: true });
    input.setEncoding('utf8');
    input.on('data', onData);
    input.on('end', onEnd);
    input.on('error', stop);
    input.resume();
  });
}
