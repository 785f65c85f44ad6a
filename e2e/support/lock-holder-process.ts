/** Starts `lock-holder.js` (see there) as a child process a test can read and kill. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const HOLDER = path.resolve('dist/e2e/support/lock-holder.js');

export interface LockHolderProcess {
  pid: number;
  /** Resolves with the first stdout line. */
  firstLine: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

export function startLockHolder(...args: string[]): LockHolderProcess {
  const child = spawn(process.execPath, [HOLDER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  const firstLine = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    void exited.then(({ code }) => reject(new Error(`lock-holder exited (${code}) first: ${stderr}`)));
  });
  // Only some tests wait for a first line; the others must not see an unhandled rejection.
  firstLine.catch(() => undefined);
  return { pid: child.pid ?? -1, firstLine, exited, kill: (signal) => child.kill(signal) };
}
