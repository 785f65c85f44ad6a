import { terminalText } from '../core/display-text.js';

/** Where a command speaks: injected so tests can read it and so nothing else prints. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/** The terminal: no control or hidden format character gets through, whatever a line holds. */
export const processOutput: Output = {
  out: (line) => process.stdout.write(`${terminalText(line)}\n`),
  err: (line) => process.stderr.write(`${terminalText(line)}\n`),
};

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
