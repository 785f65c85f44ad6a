import { homedir } from 'node:os';
import type { EnvironmentName } from '../../ipc/contract.js';
import { DEFAULT_DASHBOARD_HOST } from '../../core/api/account.js';
import { dashboardHostFrom } from '../../headless/dashboard-host.js';
import { defaultCredentialsPath } from '../../core/credentials/index.js';
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
  /** Releases what the target started (an in-process sandbox). */
  dispose(): Promise<void>;
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
    dispose: async () => undefined,
  };
}

/**
 * `--sandbox`: the local identity server (the one `npm run sandbox` runs, else one started here),
 * whatever environment is picked, with credentials under ~/.config/pipecat-tray/sandbox/ so the
 * real file is never touched. Its CA is trusted by this fetch alone: `net.fetch` cannot add a CA
 * without trusting it for every connection of the app (a `certificate-error` handler would).
 * Loaded on demand: the sandbox and undici are development dependencies, absent from a package.
 */
export async function sandboxTarget(home: string = homedir()): Promise<ApiTarget> {
  const [{ resolveSandbox, sandboxCredentialsPath }, { fetchTrustingCa }] = await Promise.all([
    import('../../headless/sandbox-target.js'),
    import('../../headless/trusting-fetch.js'),
  ]);
  const sandbox = await resolveSandbox();
  const fetch = withUserAgent(fetchTrustingCa(sandbox.caPem));
  return {
    configPath: sandboxCredentialsPath(home),
    hostFor: () => sandbox.apiHost,
    fetchFor: () => fetch,
    dashboardHost: DEFAULT_DASHBOARD_HOST,
    allowHttpLoopback: true,
    dispose: async () => sandbox.stop?.(),
  };
}
