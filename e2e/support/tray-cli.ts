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
  /** Written to stdin (closed afterwards unless `keepInputOpen`). */
  input?: string;
  /** Leave stdin open for `process.writeInput` (a paste into the running command). */
  keepInputOpen?: boolean;
}

export interface RunningTrayCli {
  process: RunningProcess;
  /** Resolves with the first match in stdout; rejects if the process exits first. */
  stdoutMatch(pattern: RegExp): Promise<RegExpMatchArray>;
  /** The same for stderr. */
  stderrMatch(pattern: RegExp): Promise<RegExpMatchArray>;
}

/** One output stream as it grows, and the patterns tests wait for in it. */
class StreamWatch {
  private soFar = '';
  private readonly waiters: Array<{ pattern: RegExp; resolve: (m: RegExpMatchArray) => void }> = [];

  update(text: string): void {
    this.soFar = text;
    for (const waiter of [...this.waiters]) {
      const match = text.match(waiter.pattern);
      if (match) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  }

  match(pattern: RegExp, name: string, exited: Promise<ProcessResult>): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const match = this.soFar.match(pattern);
      if (match) return resolve(match);
      this.waiters.push({ pattern, resolve });
      exited.then(
        (result) =>
          reject(
            new Error(
              `pipecat-tray exited (${result.code}) before printing ${pattern} on ${name}:\n${result.stderr}`,
            ),
          ),
        reject,
      );
    });
  }
}

/** Starts `pipecat-tray <args>` as a child process with a clean PIPECAT_* environment. */
export function startTrayCli(args: readonly string[], options: TrayCliOptions = {}): RunningTrayCli {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('PIPECAT_') && key !== 'BROWSER') env[key] = value;
  }
  const stdout = new StreamWatch();
  const stderr = new StreamWatch();
  const running = startProcess(process.execPath, [TRAY_BIN, ...args], {
    env: { ...env, ...options.env },
    cwd: REPO,
    timeoutMs: options.timeoutMs ?? 120_000,
    ...(options.input === undefined ? {} : { input: options.input }),
    keepInputOpen: options.keepInputOpen ?? false,
    onStdout: (text) => stdout.update(text),
    onStderr: (text) => stderr.update(text),
  });
  return {
    process: running,
    stdoutMatch: (pattern) => stdout.match(pattern, 'stdout', running.result),
    stderrMatch: (pattern) => stderr.match(pattern, 'stderr', running.result),
  };
}

export async function runTrayCli(
  args: readonly string[],
  options: TrayCliOptions = {},
): Promise<ProcessResult> {
  return startTrayCli(args, options).process.result;
}
