import { PipecatApi } from '../api/pipecat-api.js';
import { CredentialsStore, DEFAULT_API_HOST } from '../credentials/index.js';
import { tryNormalizeApiHost } from '../credentials/api-host.js';
import { UserFacingError } from '../errors.js';
import type { Fetch } from '../http/fetch.js';
import { BLIND_CLI_GRACE, DEFAULT_CLI_GRACE } from './cli-grace.js';
import { cliCommandRunning } from './cli-processes.js';
import { systemClock, type Clock } from './clock.js';
import { withCredentialsLock } from '../lock/index.js';
import { watchCredentialsFile } from './file-watcher.js';
import { ProviderCache } from './provider-cache.js';
import { Refresher } from './refresher.js';
import { AccountSession } from './session.js';

export interface AccountRuntimeOptions {
  apiHost: string;
  configPath: string;
  fetch: Fetch;
  allowInsecureLoopback?: boolean;
  clock?: Clock;
  random?: () => number;
  /** Follow the file as others change it (the daemon and the tray do; one-shot commands do not). */
  watchFile?: boolean;
  /**
   * The host the CLI (`pipecat cloud`) on this machine talks to (its PIPECAT_API_HOST). See
   * `mayProbeTopLevel`: only then may top-level credentials be shown to a non-default host.
   */
  cliApiHost?: string | undefined;
}

/** One API host's account, wired: the store, the API, cached discovery, the lock, refresher, session. */
export interface AccountRuntime {
  store: CredentialsStore;
  api: PipecatApi;
  provider: ProviderCache;
  refresher: Refresher;
  session: AccountSession;
}

export function createAccountRuntime(options: AccountRuntimeOptions): AccountRuntime {
  const clock = options.clock ?? systemClock;
  const lock = <T>(task: () => Promise<T>): Promise<T> => withCredentialsLock(options.configPath, task);
  const api = PipecatApi.create(options.apiHost, options.fetch);
  const store = createCredentialsStore({ ...options, api });
  const provider = new ProviderCache({
    apiHost: options.apiHost,
    fetch: options.fetch,
    allowInsecureLoopback: options.allowInsecureLoopback ?? false,
  });
  const refresher = new Refresher({
    store,
    provider,
    lock,
    clock,
    random: options.random ?? Math.random,
    // Where /proc tells, a CLI command still running after the grace holds the refresh back too.
    grace:
      process.platform === 'linux'
        ? { ...DEFAULT_CLI_GRACE, cliRunning: () => cliCommandRunning(options.configPath) }
        : BLIND_CLI_GRACE,
  });
  const session = new AccountSession({
    store,
    api,
    refresher,
    now: () => clock.now(),
    ...(options.watchFile
      ? { watch: (onChange: () => void) => watchCredentialsFile(options.configPath, onChange) }
      : {}),
  });
  return { store, api, provider, refresher, session };
}

/**
 * The app's store for one host's credentials: every write behind the app's lock, and top-level
 * credentials shown to a non-default host only when `mayProbeTopLevel` allows it.
 */
export function createCredentialsStore(options: {
  configPath: string;
  apiHost: string;
  api: PipecatApi;
  cliApiHost?: string | undefined;
}): CredentialsStore {
  return new CredentialsStore({
    path: options.configPath,
    apiHost: options.apiHost,
    cliApiHost: options.cliApiHost,
    lock: (task) => withCredentialsLock(options.configPath, task),
    ...(mayProbeTopLevel(options.apiHost, options.cliApiHost)
      ? { checkTopLevelToken: acceptedBy(options.api) }
      : {}),
  });
}

/**
 * Whether the API host accepts a token (`GET /v1/users`): true, false when it refuses it, undefined
 * when it cannot be asked. The credentials store uses it to tell whether top-level credentials the
 * CLI wrote are this (non-default) host's; the CLI itself sends them to whatever host it is given.
 */
export function acceptedBy(api: PipecatApi): (token: string) => Promise<boolean | undefined> {
  return async (token) => {
    try {
      await api.getUser(token);
      return true;
    } catch (error) {
      return error instanceof UserFacingError && error.code === 'token_rejected' ? false : undefined;
    }
  };
}

/**
 * The CLI (1.4.0) keeps one set of credentials, at the top level, for whatever host it is pointed
 * at. The app may ask a non-default host whether a top-level token is its own only when the CLI
 * is pointed at that very host: the CLI then sends that token there on every command anyway, so
 * asking reveals nothing new. Otherwise (e.g. production credentials, staging in the tray) the
 * top level is never shown to another host.
 */
export function mayProbeTopLevel(apiHost: string, cliApiHost: string | undefined): boolean {
  if (!cliApiHost) return false;
  const host = tryNormalizeApiHost(apiHost);
  return host !== undefined && host !== DEFAULT_API_HOST && host === tryNormalizeApiHost(cliApiHost);
}
