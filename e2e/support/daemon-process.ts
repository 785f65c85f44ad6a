/**
 * `pipecat-tray daemon` as a child process that a test can freeze (SIGSTOP), thaw (SIGCONT), stop
 * (SIGTERM) and listen to line by line. Every wait is on a log line or the exit; the timeouts are
 * only safety nets. The daemon never prints a secret; masking is a second line of defence for
 * what a failing assertion may show.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { constants } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { TRAY_BIN } from './tray-cli.js';

const REPO = path.resolve(path.dirname(TRAY_BIN), '..');
const SAFETY_TIMEOUT_MS = 30_000;
/** What the daemon prints before each message: `2026-01-01T00:00:00.000Z `. */
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;

/** Hides anything shaped like a token (32+ base64url/JWT characters). */
export function maskTokens(text: string): string {
  return text.replace(/[A-Za-z0-9_\-.]{32,}/g, '****');
}

export interface DaemonProcessOptions {
  apiHost: string;
  configPath: string;
  /** The sandbox CA (PEM file), given to Node as NODE_EXTRA_CA_CERTS. */
  caFile: string;
  /**
   * Extra environment on top of the clean one (no PIPECAT_*), e.g. `PIPECAT_API_HOST` when the
   * test plays a user whose CLI is pointed at the sandbox (see `mayProbeTopLevel`).
   */
  env?: Record<string, string>;
  /** Another build's entry point (e.g. an older checkout's, to show a test fails there). */
  bin?: string;
}

export interface DaemonLine {
  /** Position among the daemon's stdout lines. */
  index: number;
  /** The line without its timestamp. */
  text: string;
}

export interface DaemonProcess {
  readonly pid: number;
  /** Every stdout line so far, without timestamps. */
  readonly lines: readonly string[];
  /** stdout and stderr so far, for the secret check. */
  transcript(): string;
  /** The index the next line will get. */
  mark(): number;
  /** The first line at or after `since` (default: the next one) that matches. */
  waitForLine(pattern: RegExp, options?: { since?: number; timeoutMs?: number }): Promise<DaemonLine>;
  /** Lines at or after `since` that match. */
  linesMatching(pattern: RegExp, since?: number): string[];
  /** SIGSTOP: the process keeps its state but runs nothing (as a laptop lid closed on it). */
  freeze(): void;
  /** SIGCONT. */
  thaw(): void;
  /** SIGTERM (or `signal`), then waits for the exit; resolves with the exit code (128 + n if killed). */
  stop(signal?: NodeJS.Signals): Promise<number>;
  readonly exited: Promise<number>;
}

interface Waiter {
  pattern: RegExp;
  since: number;
  resolve: (line: DaemonLine) => void;
}

/** Starts `pipecat-tray daemon` (the built entry point) and waits for its start-up line. */
export async function startDaemonProcess(options: DaemonProcessOptions): Promise<DaemonProcess> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('PIPECAT_') && key !== 'BROWSER' && key !== 'NODE_OPTIONS') env[key] = value;
  }
  Object.assign(env, options.env);
  env['NODE_EXTRA_CA_CERTS'] = options.caFile;
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [options.bin ?? TRAY_BIN, 'daemon', '--api-host', options.apiHost, '--config', options.configPath],
    { cwd: REPO, env, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  child.stdin.end();
  const lines: string[] = [];
  const waiters = new Set<Waiter>();
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });

  const offer = (waiter: Waiter): boolean => {
    for (let index = waiter.since; index < lines.length; index += 1) {
      const text = lines[index] ?? '';
      if (waiter.pattern.test(text)) {
        waiters.delete(waiter);
        waiter.resolve({ index, text });
        return true;
      }
    }
    return false;
  };
  createInterface({ input: child.stdout }).on('line', (raw) => {
    lines.push(raw.replace(TIMESTAMP, ''));
    for (const waiter of [...waiters]) offer(waiter);
  });

  const exited = new Promise<number>((resolve) => {
    child.on('close', (code, signal) => {
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
  const tail = (): string =>
    maskTokens(`last lines:\n${lines.slice(-12).join('\n')}\nstderr: ${stderr.slice(-1000) || '(none)'}`);

  const signal = (name: NodeJS.Signals): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
  };

  const daemon: DaemonProcess = {
    pid: child.pid ?? -1,
    lines,
    transcript: () => `${lines.join('\n')}\n${stderr}`,
    mark: () => lines.length,
    waitForLine: (pattern, { since, timeoutMs = SAFETY_TIMEOUT_MS } = {}) =>
      new Promise<DaemonLine>((resolve, reject) => {
        const waiter: Waiter = { pattern, since: since ?? lines.length, resolve: () => undefined };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(`the daemon printed no line matching ${pattern} within ${timeoutMs} ms; ${tail()}`),
          );
        }, timeoutMs);
        waiter.resolve = (line) => {
          clearTimeout(timer);
          resolve(line);
        };
        if (offer(waiter)) return;
        waiters.add(waiter);
        void exited.then((code) => {
          if (!waiters.delete(waiter)) return;
          clearTimeout(timer);
          reject(new Error(`the daemon exited (${code}) before printing ${pattern}; ${tail()}`));
        });
      }),
    linesMatching: (pattern, since = 0) => lines.slice(since).filter((line) => pattern.test(line)),
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    stop: async (name = 'SIGTERM') => {
      // A frozen process only acts on SIGTERM once it runs again.
      signal(name);
      signal('SIGCONT');
      return exited;
    },
    exited,
  };
  await daemon.waitForLine(/^daemon started \(pid \d+\)/, { since: 0 });
  return daemon;
}
