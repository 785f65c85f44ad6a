import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess, type ProcessResult, type RunningProcess } from './child-process.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The installed entry point, exactly as `npx pipecat-tray` runs it (needs `npm run build`). */
export const TRAY_BIN = path.join(REPO, 'bin', 'pipecat-tray.js');

export interface TrayCliOptions {
  /** Extra environment, e.g. NODE_EXTRA_CA_CERTS for the sandbox CA. */
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface RunningTrayCli {
  process: RunningProcess;
  /** Resolves with the first match in stdout; rejects if the process exits first. */
  stdoutMatch(pattern: RegExp): Promise<RegExpMatchArray>;
}

/** Starts `pipecat-tray <args>` as a child process with a clean PIPECAT_* environment. */
export function startTrayCli(args: readonly string[], options: TrayCliOptions = {}): RunningTrayCli {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('PIPECAT_') && key !== 'BROWSER') env[key] = value;
  }
  const waiters: Array<{ pattern: RegExp; resolve: (m: RegExpMatchArray) => void }> = [];
  let stdoutSoFar = '';
  const running = startProcess(process.execPath, [TRAY_BIN, ...args], {
    env: { ...env, ...options.env },
    cwd: REPO,
    timeoutMs: options.timeoutMs ?? 120_000,
    onStdout: (text) => {
      stdoutSoFar = text;
      for (const waiter of [...waiters]) {
        const match = text.match(waiter.pattern);
        if (match) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(match);
        }
      }
    },
  });
  return {
    process: running,
    stdoutMatch: (pattern) =>
      new Promise((resolve, reject) => {
        const match = stdoutSoFar.match(pattern);
        if (match) return resolve(match);
        waiters.push({ pattern, resolve });
        running.result.then(
          (result) =>
            reject(
              new Error(`pipecat-tray exited (${result.code}) before printing ${pattern}:\n${result.stderr}`),
            ),
          reject,
        );
      }),
  };
}

export async function runTrayCli(
  args: readonly string[],
  options: TrayCliOptions = {},
): Promise<ProcessResult> {
  return startTrayCli(args, options).process.result;
}
