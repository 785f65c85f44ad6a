import { homedir } from 'node:os';
import { PipecatApi } from '../core/api/pipecat-api.js';
import type { CredentialsStore } from '../core/credentials/index.js';
import {
  DEFAULT_API_HOST,
  defaultCredentialsPath,
  sandboxCredentialsPath,
} from '../core/credentials/index.js';
import { loadDevelopmentServer, type DevelopmentServerLoader } from '../core/development-server.js';
import { assertAllowedApiHost } from '../core/discovery/discover.js';
import { withUserAgent, type Fetch } from '../core/http/fetch.js';
import {
  createAccountRuntime,
  createCredentialsStore,
  type AccountRuntime,
} from '../core/session/account-runtime.js';
import type { KeychainEvent } from '../core/keychain/vaulted-store.js';
import type { GlobalFlags } from './args.js';
import { openInBrowser } from './browser-opener.js';
import { headlessKeychain, type HeadlessKeychain } from './keychain-setting.js';
import type { Output } from './output.js';

/** Everything a command needs, resolved once from flags and environment. */
export interface CommandContext {
  apiHost: string;
  configPath: string;
  allowInsecureLoopback: boolean;
  fetch: Fetch;
  /** The host's account API, built once for every command. */
  api: PipecatApi;
  store: CredentialsStore;
  output: Output;
  openUrl: (url: string) => Promise<void>;
  /** The host the CLI (`pipecat cloud`) is pointed at (PIPECAT_API_HOST), for `mayProbeTopLevel`. */
  cliApiHost: string | undefined;
  /** The sign-in command to suggest: the same target as this command (`--sandbox` included). */
  signInCommand: string;
  /** `keep` with --keychain where a keychain works; else `follow` (a session kept there is still used). */
  keychain: HeadlessKeychain;
}

/**
 * Flags beat the environment, which beats the defaults. `--sandbox` ignores PIPECAT_API_HOST and
 * PIPECAT_CONFIG_PATH on purpose: they may name the user's real account and file.
 */
export async function createContext(
  flags: GlobalFlags,
  env: NodeJS.ProcessEnv,
  output: Output,
  developmentServer?: DevelopmentServerLoader,
): Promise<CommandContext> {
  if (flags.sandbox) {
    const sandbox = await loadDevelopmentServer(developmentServer);
    const configPath = flags.config ?? sandboxCredentialsPath(homedir());
    const fetch = sandbox.fetch;
    const keychain = await headlessKeychain(flags);
    const api = PipecatApi.create(sandbox.apiHost, fetch);
    return {
      apiHost: sandbox.apiHost,
      configPath,
      allowInsecureLoopback: false,
      fetch,
      api,
      store: lockedStore(configPath, sandbox.apiHost, api, undefined, keychain),
      output,
      cliApiHost: undefined,
      signInCommand: 'pipecat-tray login --sandbox',
      openUrl: (url) => openInBrowser(url, env),
      keychain,
    };
  }
  const apiHost = (flags.apiHost ?? env['PIPECAT_API_HOST'] ?? DEFAULT_API_HOST).replace(/\/+$/, '');
  assertAllowedApiHost(apiHost, flags.allowHttpLoopback);
  const configPath = flags.config ?? defaultCredentialsPath(env, homedir());
  const fetch = withUserAgent(globalThis.fetch);
  const keychain = await headlessKeychain(flags);
  const api = PipecatApi.create(apiHost, fetch);
  return {
    apiHost,
    configPath,
    allowInsecureLoopback: flags.allowHttpLoopback,
    fetch,
    api,
    store: lockedStore(configPath, apiHost, api, env['PIPECAT_API_HOST'], keychain),
    output,
    cliApiHost: env['PIPECAT_API_HOST'],
    signInCommand: 'pipecat-tray login',
    openUrl: (url) => openInBrowser(url, env),
    keychain,
  };
}

function lockedStore(
  configPath: string,
  apiHost: string,
  api: PipecatApi,
  cliApiHost: string | undefined,
  keychain: HeadlessKeychain,
): CredentialsStore {
  return createCredentialsStore({ configPath, apiHost, api, cliApiHost, keychain });
}

/** The refresher and session for the command's host and file, as the tray builds them. */
export function accountRuntimeFor(
  ctx: CommandContext,
  options: { watchFile?: boolean; onKeychainEvent?: (event: KeychainEvent) => void } = {},
): AccountRuntime {
  const { onKeychainEvent, ...rest } = options;
  return createAccountRuntime({
    apiHost: ctx.apiHost,
    configPath: ctx.configPath,
    fetch: ctx.fetch,
    cliApiHost: ctx.cliApiHost,
    allowInsecureLoopback: ctx.allowInsecureLoopback,
    keychain: { ...ctx.keychain, ...(onKeychainEvent ? { onEvent: onKeychainEvent } : {}) },
    ...rest,
  });
}
