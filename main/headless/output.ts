import { terminalText } from '../shared/display-text.js';

/** Where a command speaks: injected so tests can read it and so nothing else prints. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
  /** Aborted when whoever reads the output went away (`| head`, a closed terminal). */
  readonly closed?: AbortSignal;
}

/**
 * The process's stdout and stderr, with no control or hidden format character getting through
 * whatever a line holds. When a reader goes away (EPIPE: `pipecat-tray status | true`) the output
 * falls silent instead of crashing with a stack: a one-shot command finishes its work and exits
 * with its own code, the daemon stops (see `closed`).
 */
export function processOutput(
  stdout: NodeJS.WritableStream = process.stdout,
  stderr: NodeJS.WritableStream = process.stderr,
): Output {
  const closed = new AbortController();
  // Whatever the error (EPIPE, EIO from a vanished terminal), nothing more can be said there.
  const fallSilent = (): void => closed.abort();
  stdout.on('error', fallSilent);
  stderr.on('error', fallSilent);
  const write = (stream: NodeJS.WritableStream, line: string): void => {
    if (!closed.signal.aborted) stream.write(`${terminalText(line)}\n`);
  };
  return { out: (line) => write(stdout, line), err: (line) => write(stderr, line), closed: closed.signal };
}

/** "in 23 h 59 min", "3 min ago": coarse on purpose, a person reads it. */
export function describeRelative(targetMs: number, nowMs: number): string {
  const delta = targetMs - nowMs;
  const minutes = Math.round(Math.abs(delta) / 60_000);
  const text =
    minutes < 1
      ? 'less than a minute'
      : minutes < 60
        ? `${minutes} min`
        : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return delta >= 0 ? `in ${text}` : `${text} ago`;
}
