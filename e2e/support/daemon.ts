/**
 * Drives `pipecat-tray daemon` as a child process, and the few things its end-to-end tests need
 * around it: a sign-in without a browser, CLI-style atomic writes, the CLI's fixtures moved to a
 * sandbox host, and a check that nothing secret was printed. Everything waits on events (a log
 * line, a request, a process exit); timeouts are only safety nets.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  CredentialsStore,
  DEFAULT_API_HOST,
  type StoredCredentials,
} from '../../main/core/credentials/index.js';
import { hostEntry } from '../../main/core/credentials/host-entry.js';
import { readHostCredentials } from '../../main/core/credentials/layout.js';
import { parseToml } from '../../main/core/credentials/toml-codec.js';
import { withUserAgent, type Fetch } from '../../main/core/http/fetch.js';
import { PipecatApi } from '../../main/core/api/pipecat-api.js';
import { acceptedBy, mayProbeTopLevel } from '../../main/core/session/account-runtime.js';
import { withCredentialsLock } from '../../main/core/lock/index.js';
import { signIn, type SignInResult } from '../../main/core/sign-in/sign-in.js';
import type { AccountStatus } from '../../main/core/status/account-status.js';
import { fetchTrustingCa } from '../../sandbox/trusting-fetch.js';
import { completeLoginOverHttp, type LoginAccount } from '../../sandbox/http-login.js';
import type { Sandbox } from '../../sandbox/types.js';
import { startProcess, type ProcessResult } from './child-process.js';
import { deliverCallback } from './sign-in-harness.js';
import { runTrayCli, TRAY_BIN } from './tray-cli.js';

const REPO = path.resolve(path.dirname(TRAY_BIN), '..');
const SAFETY_TIMEOUT_MS = 30_000;
/** What the daemon prints before each message: `2026-01-01T00:00:00.000Z `. */
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;

/**
 * Hides anything shaped like a token (32+ base64url/JWT characters) in text a failing assertion
 * may print: tests must never print a secret, not even when the daemon misbehaves.
 */
export function maskSecrets(text: string): string {
  return text.replace(/[A-Za-z0-9_\-.]{32,}/g, '****');
}

export interface DaemonOptions {
  apiHost: string;
  configPath: string;
  /** Extra environment, e.g. NODE_EXTRA_CA_CERTS for the sandbox CA. */
  env?: Record<string, string>;
  /** Resolve only once the daemon says it started (default); false for one expected to refuse. */
  waitUntilStarted?: boolean;
  /** Safety net for the whole process; it is killed (and the test fails) after this. */
  timeoutMs?: number;
}

export interface LogMatch {
  /** Position among the daemon's stdout lines. */
  index: number;
  /** The line without its timestamp. */
  text: string;
  match: RegExpMatchArray;
}

export interface WaitOptions {
  /** Look at lines from this position on (a `mark()`); default: after the last line a wait returned. */
  since?: number;
  /** Safety net (or, where a test says so, the requirement itself). */
  timeoutMs?: number;
}

export interface Daemon {
  /** Its process id, from its "daemon started (pid N)" line; undefined before that line. */
  readonly pid: number | undefined;
  /** Every stdout line so far, timestamps removed. */
  readonly lines: readonly string[];
  /** All of stdout and stderr so far. */
  output(): { stdout: string; stderr: string };
  /** The position the next line will have. */
  mark(): number;
  /** Resolves with the next line (see WaitOptions.since) matching `pattern`. */
  waitForLog(pattern: RegExp, options?: WaitOptions): Promise<LogMatch>;
  /** Lines since `since` that match `pattern`, token-shaped words masked (they may end up in a message). */
  linesMatching(pattern: RegExp, since?: number): string[];
  /** Sends a signal and resolves with the exit code (128 + n when the signal killed it). */
  stop(signal?: NodeJS.Signals): Promise<number>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ProcessResult>;
}

interface Waiter {
  pattern: RegExp;
  since: number;
  resolve: (found: LogMatch) => void;
}

/** Starts `pipecat-tray daemon --api-host … --config …` (the built entry point, as `npx` runs it). */
export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const env: NodeJS.ProcessEnv = {};
  // The same clean environment as startTrayCli: nothing of the developer's own PIPECAT_* leaks in.
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('PIPECAT_') && key !== 'BROWSER') env[key] = value;
  }
  const lines: string[] = [];
  const waiters = new Set<Waiter>();
  let stdout = '';
  let stderr = '';
  let cursor = 0;
  let pid: number | undefined;

  const offer = (waiter: Waiter, from: number): boolean => {
    for (let index = Math.max(from, waiter.since); index < lines.length; index += 1) {
      const text = lines[index] ?? '';
      const match = text.match(waiter.pattern);
      if (match) {
        waiters.delete(waiter);
        cursor = Math.max(cursor, index + 1);
        waiter.resolve({ index, text, match });
        return true;
      }
    }
    return false;
  };

  const running = startProcess(
    process.execPath,
    [TRAY_BIN, 'daemon', '--api-host', options.apiHost, '--config', options.configPath],
    {
      env: { ...env, ...options.env },
      cwd: REPO,
      timeoutMs: options.timeoutMs ?? 170_000,
      onStdout: (soFar) => {
        stdout = soFar;
        const first = lines.length;
        // Only whole lines: the last piece is still being written until its newline arrives.
        for (const raw of stdout.split('\n').slice(first, -1)) {
          const text = raw.replace(TIMESTAMP, '');
          pid ??= Number(/^daemon started \(pid (\d+)\)/.exec(text)?.[1] ?? '') || undefined;
          lines.push(text);
        }
        if (lines.length > first) for (const waiter of [...waiters]) offer(waiter, first);
      },
    },
  );
  const exited = running.result.then((result) => {
    stderr = result.stderr;
    return result;
  });
  // A test that never awaits `exited` must not see an unhandled rejection (the safety timeout).
  exited.catch(() => undefined);

  const describeTail = (): string =>
    maskSecrets(
      `last lines:\n${lines.slice(-12).join('\n')}\nstderr: ${stderr.slice(-1000) || '(none so far)'}`,
    );

  const daemon: Daemon = {
    get pid() {
      return pid;
    },
    lines,
    output: () => ({ stdout, stderr }),
    mark: () => lines.length,
    waitForLog: (pattern, { since, timeoutMs = SAFETY_TIMEOUT_MS } = {}) =>
      new Promise<LogMatch>((resolve, reject) => {
        const waiter: Waiter = { pattern, since: since ?? cursor, resolve: () => undefined };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(
              `the daemon printed no line matching ${pattern} within ${timeoutMs} ms; ${describeTail()}`,
            ),
          );
        }, timeoutMs);
        waiter.resolve = (found) => {
          clearTimeout(timer);
          resolve(found);
        };
        if (offer(waiter, waiter.since)) return;
        waiters.add(waiter);
        exited.then(
          (result) => {
            if (!waiters.delete(waiter)) return;
            clearTimeout(timer);
            reject(
              new Error(`the daemon exited (${result.code}) before printing ${pattern}; ${describeTail()}`),
            );
          },
          (error: unknown) => {
            if (!waiters.delete(waiter)) return;
            clearTimeout(timer);
            reject(new Error(maskSecrets(String(error))));
          },
        );
      }),
    linesMatching: (pattern, since = 0) =>
      lines
        .slice(since)
        .filter((line) => pattern.test(line))
        .map(maskSecrets),
    stop: async (signal = 'SIGTERM') => {
      running.kill(signal);
      return (await exited).code;
    },
    exited,
  };
  if (options.waitUntilStarted ?? true) await daemon.waitForLog(/^daemon started \(pid \d+\)/);
  return daemon;
}

/** Node's fetch trusting the sandbox CA, saying who it is (the API refuses anonymous agents). */
export function sandboxFetch(sandbox: Sandbox): Fetch {
  return withUserAgent(fetchTrustingCa(sandbox.caPem), 'PipecatTrayDaemonTests/1.0');
}

/** The store the app itself would use for `apiHost` on `configPath`, behind the app's lock. */
export function storeFor(configPath: string, apiHost: string): CredentialsStore {
  return new CredentialsStore({
    path: configPath,
    apiHost,
    lock: (task) => withCredentialsLock(configPath, task),
  });
}

/** This host's credentials in the file, as the app reads them (never printed by the tests). */
export async function credentialsIn(
  configPath: string,
  apiHost: string,
): Promise<StoredCredentials | undefined> {
  return storeFor(configPath, apiHost).read();
}

/** One version of the file, read once: the credentials of any host and of the top level agree. */
export interface FileSnapshot {
  text: string;
  /** `host`'s credentials as the app reads them. */
  credentialsOf(host: string): StoredCredentials | undefined;
  /** The top-level credentials (the default host's, and all the CLI 1.4.0 reads). */
  topLevel(): StoredCredentials | undefined;
}

export async function snapshotOf(configPath: string): Promise<FileSnapshot> {
  return parseSnapshot(await readFile(configPath, 'utf8'), configPath);
}

/** A snapshot of file contents held in memory (`file` only names it in errors). */
export function parseSnapshot(text: string, file = 'the credentials file'): FileSnapshot {
  const doc = parseToml(text, file);
  const credentialsOf = (host: string): StoredCredentials | undefined =>
    readHostCredentials(doc, hostEntry(host), file);
  return { text, credentialsOf, topLevel: () => credentialsOf(DEFAULT_API_HOST) };
}

/** The status `GET /v1/users` answers for `token` (Bearer, with a User-Agent). */
export async function usersStatusFor(sandbox: Sandbox, token: string): Promise<number> {
  const response = await sandboxFetch(sandbox)(new URL('/v1/users', sandbox.apiHost), {
    headers: { authorization: `Bearer ${token}` },
  });
  await response.body?.cancel();
  return response.status;
}

/**
 * A whole sign-in (core `signIn` with the app's own fetch and store, real loopback server) with the
 * browser's part played over HTTP by `completeLoginOverHttp` and the sign-in harness's
 * `deliverCallback` (its `startSignIn` is bound to a default sandbox of its own, and these tests
 * need their own lifetimes and two hosts). The credentials land in `configPath` for the
 * sandbox's host; the sandbox's default account signs in unless `account` names another.
 * `cliApiHost` is the PIPECAT_API_HOST `pipecat-tray login` would see (none by default).
 */
export async function signInOverHttp(
  sandbox: Sandbox,
  configPath: string,
  options: { timeoutMs?: number; account?: LoginAccount; cliApiHost?: string } = {},
): Promise<SignInResult> {
  const cancel = new AbortController();
  const fetch = withUserAgent(fetchTrustingCa(sandbox.caPem));
  const account = options.account ?? { email: sandbox.account.email, password: sandbox.account.password };
  let browserFailure: unknown;
  const browser = async (url: string): Promise<void> => {
    const callback = await completeLoginOverHttp(url, account, { ca: sandbox.caPem });
    // Delivered like a browser would: the loopback server redirects to its result page.
    const delivered = await deliverCallback(callback);
    if (delivered.callback.status !== 302 || delivered.result?.status !== 200) {
      throw new Error(
        `the loopback server answered ${delivered.callback.status}, then ${delivered.result?.status}`,
      );
    }
  };
  try {
    return await signIn(
      {
        fetch,
        // As `pipecat-tray login` builds it: the host is asked whether a top-level token is its
        // own only when the CLI is pointed at it (`mayProbeTopLevel`).
        credentials: new CredentialsStore({
          path: configPath,
          apiHost: sandbox.apiHost,
          lock: (task) => withCredentialsLock(configPath, task),
          ...(mayProbeTopLevel(sandbox.apiHost, options.cliApiHost)
            ? { checkTopLevelToken: acceptedBy(PipecatApi.create(sandbox.apiHost, fetch)) }
            : {}),
        }),
        openUrl: browser,
      },
      {
        apiHost: sandbox.apiHost,
        signal: cancel.signal,
        timeoutMs: options.timeoutMs ?? SAFETY_TIMEOUT_MS,
        resultGraceMs: 5_000,
        onBrowserOpenFailed: (error) => {
          browserFailure = error;
          cancel.abort();
        },
      },
    );
  } catch (error) {
    throw browserFailure === undefined
      ? error
      : new Error(maskSecrets(`the sandbox login failed: ${String(browserFailure)}`));
  }
}

export { writeLikeTheCli } from './cli-write.js';

const STAGING_HOST = 'https://staging.qa.pipecat.cloud';

/**
 * A CLI fixture as the CLI would have left it for `apiHost` (the sandbox is never the default host,
 * whose credentials are the top-level keys): a per-host layout fixture gets its staging table moved
 * to `apiHost`; any other fixture gets its top-level credentials moved into
 * `[environments."<apiHost>"]` (the newer CLI's per-host layout), its org tables staying as they
 * are. `tokenExpiresAt` replaces the fixture's fixed expiry, which the clock eventually passes.
 */
export function fixtureForHost(text: string, apiHost: string, tokenExpiresAt: number): string {
  const expiry = `token_expires_at = ${tokenExpiresAt}`;
  if (text.includes('[environments.')) {
    const [before = '', staging = ''] = text.split(`[environments."${STAGING_HOST}"]`);
    return `${before}[environments."${apiHost}"]${staging.replace(/^token_expires_at = .*$/m, expiry)}`;
  }
  const firstTable = text.search(/^\[/m);
  const head = firstTable === -1 ? text : text.slice(0, firstTable);
  const tables = firstTable === -1 ? '' : text.slice(firstTable);
  const credentials = head.trimEnd().replace(/^token_expires_at = .*$/m, expiry);
  return `${tables.trimEnd()}\n\n[environments."${apiHost}"]\n${credentials}\n`.trimStart();
}

/**
 * `pipecat-tray status --json` for `apiHost`; the JSON and the exit code. `env` adds to the clean
 * environment, e.g. PIPECAT_API_HOST for a user whose CLI is pointed at the sandbox.
 */
export async function statusOf(
  sandbox: Pick<Sandbox, 'apiHost' | 'caFile'>,
  configPath: string,
  env: Record<string, string> = {},
): Promise<{ code: number; status: AccountStatus; transcript: string }> {
  const result = await runTrayCli(
    ['status', '--json', '--api-host', sandbox.apiHost, '--config', configPath],
    {
      env: { ...env, NODE_EXTRA_CA_CERTS: sandbox.caFile },
      timeoutMs: SAFETY_TIMEOUT_MS,
    },
  );
  if (result.stdout.trim() === '') {
    throw new Error(maskSecrets(`status printed nothing (exit ${result.code}): ${result.stderr}`));
  }
  return {
    code: result.code,
    status: JSON.parse(result.stdout) as AccountStatus,
    transcript: `${result.stdout}\n${result.stderr}`,
  };
}

/**
 * How many of the secrets the sandbox issued or received appear in `texts`. Returns a count, never
 * the secrets, so an assertion on it cannot print one.
 */
export function countLeakedSecrets(
  sandbox: Sandbox,
  texts: readonly string[],
): { leaked: number; known: number } {
  const everything = texts.join('\n');
  const secrets = sandbox.secretsSeen();
  return { leaked: secrets.filter((secret) => everything.includes(secret)).length, known: secrets.length };
}
