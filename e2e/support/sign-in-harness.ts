/**
 * What the sign-in end-to-end suites share: the real sandbox over HTTPS, a temp folder for the
 * credentials file, the core `signIn` in-process with the app's own store and User-Agent, and
 * plain `node:http` requests to the real loopback server (so a test controls method, Host header
 * and path exactly). Nothing here prints a token, code or verifier: helpers return statuses,
 * headers, pages and booleans, and tests compare secrets with `===`.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, createServer, type Server } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PipecatApi } from '../../main/core/api/pipecat-api.js';
import { CredentialsStore } from '../../main/core/credentials/index.js';
import { withUserAgent, type Fetch } from '../../main/core/http/fetch.js';
import { acceptedBy, mayProbeTopLevel } from '../../main/core/session/account-runtime.js';
import { withCredentialsLock } from '../../main/core/lock/index.js';
import {
  signIn,
  type SignInOptions,
  type SignInResult,
  type SignInStep,
} from '../../main/core/sign-in/sign-in.js';
import { fetchTrustingCa } from '../../sandbox/trusting-fetch.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';

/** Far longer than any test needs; the tests wait for events, this only stops a hung flow. */
const SAFETY_TIMEOUT_MS = 60_000;

export interface SignInHarness {
  sandbox: Sandbox;
  /** A fresh temp folder, removed by close(). */
  dir: string;
  /** The app's fetch: trusts the sandbox CA, sends the app's User-Agent. */
  fetch: Fetch;
  /**
   * The credentials store the headless command builds for `apiHost` (default: the sandbox).
   * `cliApiHost` is the PIPECAT_API_HOST the command would see, i.e. the host the test says the
   * CLI is pointed at (none by default): only when it names `apiHost` may the store show a
   * top-level token to that host (`mayProbeTopLevel`), as the app does.
   */
  store(configPath: string, apiHost?: string, cliApiHost?: string): CredentialsStore;
  startSignIn(options: StartSignInOptions): StartedSignIn;
  /**
   * Cancels every flow still running and waits until each has ended (its loopback server closed),
   * so a test that failed half-way leaves no port busy for the next one. For afterEach.
   */
  endAllFlows(): Promise<void>;
  /** endAllFlows, then stops the sandbox and removes the temp folder. */
  close(): Promise<void>;
}

export interface StartSignInOptions {
  configPath: string;
  /** Defaults to the sandbox's API host. */
  apiHost?: string;
  /** The host the CLI is pointed at (PIPECAT_API_HOST); none by default. See `store`. */
  cliApiHost?: string;
  timeoutMs?: number;
  ports?: readonly number[];
  /**
   * For flows that must fail before the browser step: if the core opens the browser anyway, the
   * flow is cancelled at once, so the test fails on the wrong error instead of waiting for a callback.
   */
  cancelIfBrowserOpens?: boolean;
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface StartedSignIn {
  /** Resolves when the core asks to open the browser; rejects if the flow ends before that. */
  authorizeUrl: Promise<string>;
  result: Promise<SignInResult>;
  /** How often the core asked to open the browser. */
  readonly openUrlCalls: number;
  /** The steps the core reported so far, in order. */
  readonly steps: readonly SignInStep[];
  /** Whether `result` has settled (as seen by handlers that ran up to now). */
  readonly settled: boolean;
  cancel(): void;
}

export async function startSignInHarness(): Promise<SignInHarness> {
  const sandbox = await startSandbox();
  const dir = await mkdtemp(path.join(tmpdir(), 'pipecat-tray-sign-in-'));
  const fetch = withUserAgent(fetchTrustingCa(sandbox.caPem));

  const store = (configPath: string, apiHost = sandbox.apiHost, cliApiHost?: string): CredentialsStore =>
    new CredentialsStore({
      path: configPath,
      apiHost,
      lock: (task) => withCredentialsLock(configPath, task),
      ...(mayProbeTopLevel(apiHost, cliApiHost)
        ? { checkTopLevelToken: acceptedBy(PipecatApi.create(apiHost, fetch)) }
        : {}),
    });

  const running = new Set<{ cancel: () => void; ended: Promise<unknown> }>();
  const endAllFlows = async (): Promise<void> => {
    const flows = [...running];
    running.clear();
    for (const flow of flows) flow.cancel();
    await Promise.all(flows.map((flow) => flow.ended));
  };

  const startSignIn = (options: StartSignInOptions): StartedSignIn => {
    const controller = new AbortController();
    const steps: SignInStep[] = [];
    let openUrlCalls = 0;
    let settled = false;
    let gotUrl!: (url: string) => void;
    let noUrl!: (error: unknown) => void;
    const authorizeUrl = new Promise<string>((resolve, reject) => {
      gotUrl = resolve;
      noUrl = reject;
    });
    const signInOptions: SignInOptions = {
      apiHost: options.apiHost ?? sandbox.apiHost,
      signal: controller.signal,
      timeoutMs: options.timeoutMs ?? SAFETY_TIMEOUT_MS,
      onStep: (step) => steps.push(step),
    };
    if (options.ports) signInOptions.ports = options.ports;
    const result = signIn(
      {
        fetch,
        credentials: store(options.configPath, signInOptions.apiHost, options.cliApiHost),
        openUrl: async (url) => {
          openUrlCalls += 1;
          gotUrl(url);
          if (options.cancelIfBrowserOpens) controller.abort();
        },
      },
      signInOptions,
    );
    result.then(
      () => {
        settled = true;
        noUrl(new Error('the sign-in ended before it opened the browser'));
      },
      (error: unknown) => {
        settled = true;
        noUrl(error);
      },
    );
    // Handled here so a test that fails early does not also report an unhandled rejection.
    authorizeUrl.catch(() => undefined);
    const entry = { cancel: () => controller.abort(), ended: settle(result) };
    running.add(entry);
    void entry.ended.then(() => running.delete(entry));
    return {
      authorizeUrl,
      result,
      get openUrlCalls() {
        return openUrlCalls;
      },
      get steps() {
        return steps;
      },
      get settled() {
        return settled;
      },
      cancel: () => controller.abort(),
    };
  };

  return {
    sandbox,
    dir,
    fetch,
    store,
    startSignIn,
    endAllFlows,
    close: async () => {
      await endAllFlows();
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Waits for `promise` to settle and says how, so a test can assert on a rejection's fields. */
export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Lets every callback already queued run (one turn of the event loop: microtasks, then I/O
 * already delivered), so `StartedSignIn.settled` and `steps` reflect everything that happened
 * before. Not a timed wait.
 */
export function drainEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  port: number;
  /** The request target exactly as sent: path and query. */
  target: string;
  method?: string;
  /** Defaults to `127.0.0.1:<port>`, as a browser sends it. */
  host?: string;
}

/** One request on a fresh connection (no keep-alive), exactly as given. */
export function rawRequest({ port, target, method = 'GET', host }: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: target,
        method,
        agent: false,
        headers: { host: host ?? `127.0.0.1:${port}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The path and query of a redirect-URI URL, as the browser would request it. */
export function targetOf(url: URL): string {
  return `${url.pathname}${url.search}`;
}

export interface Delivered {
  /** The loopback server's answer to the callback itself (302 for a good one). */
  callback: RawResponse;
  /** The page at the redirect's Location, when the callback redirected. */
  result: RawResponse | undefined;
}

/** Plays the browser: requests the callback URL, then follows its redirect on the same server. */
export async function deliverCallback(callbackUrl: URL): Promise<Delivered> {
  const port = Number(callbackUrl.port);
  const callback = await rawRequest({ port, target: targetOf(callbackUrl) });
  const location = callback.headers.location;
  if (callback.status !== 302 || location === undefined) return { callback, result: undefined };
  const next = new URL(location, callbackUrl);
  return { callback, result: await rawRequest({ port, target: targetOf(next) }) };
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` right now. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') resolve(false);
      else reject(error);
    });
  });
}

/**
 * Keeps 127.0.0.1:`port` busy until released: binds it, or leaves it to whoever already holds it
 * (another program on this machine; busy is busy).
 */
export async function occupyPort(port: number): Promise<{ release: () => Promise<void> }> {
  const server: Server = createServer((socket) => socket.destroy());
  const bound = await new Promise<boolean>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? resolve(false) : reject(error),
    );
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(true));
  });
  return {
    release: () =>
      bound ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve(),
  };
}

/** A loopback port nothing listens on (it was free a moment ago and is closed again). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Whether any secret the sandbox issued or received appears in `text` (a boolean, never the secret). */
export function containsSandboxSecret(sandbox: Sandbox, text: string): boolean {
  return sandbox.secretsSeen().some((secret) => secret !== '' && text.includes(secret));
}

/**
 * A user-facing message: one sentence (ends with . or ?, no second sentence), one line, no stack.
 * Dots inside URLs and hosts do not end a sentence (they are not followed by a space).
 */
export function isOneSentence(message: string): boolean {
  return (
    !message.includes('\n') &&
    !/\bat .+:\d+:\d+/.test(message) &&
    /[.?]$/.test(message) &&
    !/[.?!]\s+\S/.test(message.slice(0, -1))
  );
}
