/**
 * `pipecat-tray daemon` as a child process for the benchmark: the built entry point, as `npx` runs
 * it, in a clean PIPECAT_* environment. (e2e/support/daemon.ts finds bin/ relative to its source
 * folder, which is one level off once compiled into dist/, so the bench starts its own.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/bench/ is two folders below the repository root. */
const TRAY_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/pipecat-tray.js');

export interface BenchDaemon {
  readonly pid: number;
  /** Resolves when a stdout line matches; rejects when the daemon exits or `timeoutMs` passes first. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** SIGTERM, then resolves with the exit code once it has exited. */
  stop(): Promise<number | null>;
}

export function startBenchDaemon(options: {
  apiHost: string;
  configPath: string;
  env: Record<string, string>;
}): BenchDaemon {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('PIPECAT_') && key !== 'BROWSER') env[key] = value;
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [TRAY_BIN, 'daemon', '--api-host', options.apiHost, '--config', options.configPath],
    { env: { ...env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (child.pid === undefined) throw new Error('could not start the daemon');
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));

  return {
    pid: child.pid,
    waitForLine: (pattern, timeoutMs) =>
      new Promise<string>((resolve, reject) => {
        const look = (): void => {
          const line = stdout.split('\n').find((candidate) => pattern.test(candidate));
          if (line === undefined) return;
          finish();
          resolve(line);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`the daemon printed nothing matching ${pattern} within ${timeoutMs} ms`));
        }, timeoutMs);
        const onExit = (code: number | null): void => {
          finish();
          reject(new Error(`the daemon exited (${code}) before printing ${pattern}: ${stderr.slice(-500)}`));
        };
        const finish = (): void => {
          clearTimeout(timer);
          child.stdout?.off('data', look);
          child.off('close', onExit);
        };
        child.stdout?.on('data', look);
        child.once('close', onExit);
        look();
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
