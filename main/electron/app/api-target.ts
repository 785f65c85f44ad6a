import { homedir } from 'node:os';
import type { EnvironmentName } from '../../ipc/contract.js';
import { DEFAULT_DASHBOARD_HOST, dashboardHostFrom } from '../../core/api/account.js';
import { defaultCredentialsPath, sandboxCredentialsPath } from '../../core/credentials/index.js';
import { loadDevelopmentServer, type DevelopmentServerLoader } from '../../core/development-server.js';
import { withUserAgent, type Fetch } from '../../core/http/fetch.js';
import { apiHostFor } from './api-hosts.js';

/** Which Pipecat Cloud the tray talks to, where its credentials live, and how it reaches it. */
export interface ApiTarget {
  configPath: string;
  hostFor(environment: EnvironmentName, customApiHost: string | undefined): string;
  fetchFor(apiHost: string): Fetch;
  dashboardHost: string;
  /** http on loopback is acceptable for the browser (the sandbox, development). */
  allowHttpLoopback: boolean;
}

export interface ProductionTargetOptions {
  env: NodeJS.ProcessEnv;
  home?: string;
  fetch: Fetch;
  allowHttpLoopback: boolean;
}

/**
 * The real service: the environment the user picked, the CLI's own credentials file
 * (`PIPECAT_CONFIG_PATH` when the app was started with it, as the CLI reads it), and the fetch
 * over Chromium's network stack.
 */
export function productionTarget(options: ProductionTargetOptions): ApiTarget {
  const fetch = withUserAgent(options.fetch);
  return {
    configPath: defaultCredentialsPath(options.env, options.home ?? homedir()),
    hostFor: apiHostFor,
    fetchFor: () => fetch,
    dashboardHost: dashboardHostFrom(options.env),
    allowHttpLoopback: options.allowHttpLoopback,
  };
}

/**
 * `--sandbox`: the local identity server `npm run sandbox` runs, whatever environment is picked,
 * with credentials under ~/.config/pipecat-tray/sandbox/ so the real file is never touched. Only a
 * development entry point (sandbox/entries/tray.ts) hands in the loader; its fetch trusts the
 * sandbox's CA alone, as `net.fetch` cannot add a CA without trusting it for every connection.
 */
export async function sandboxTarget(
  loader: DevelopmentServerLoader | undefined,
  home: string = homedir(),
): Promise<ApiTarget> {
  const sandbox = await loadDevelopmentServer(loader);
  return {
    configPath: sandboxCredentialsPath(home),
    hostFor: () => sandbox.apiHost,
    fetchFor: () => sandbox.fetch,
    dashboardHost: DEFAULT_DASHBOARD_HOST,
    allowHttpLoopback: true,
  };
}
