import { UserFacingError } from './errors.js';
import type { Fetch } from './http/fetch.js';

/**
 * A local Pipecat Cloud for development (the sandbox). Shipped code never loads one: a
 * development entry point (sandbox/entries/) hands a loader to the shell, which calls it for
 * `--sandbox`. A build without it (the npm package, an installed app) says so in one sentence.
 */
export interface DevelopmentServer {
  apiHost: string;
  /** A fetch that trusts the server's own CA for its connections, on top of the platform's. */
  fetch: Fetch;
}

export type DevelopmentServerLoader = () => Promise<DevelopmentServer>;

export function loadDevelopmentServer(
  loader: DevelopmentServerLoader | undefined,
): Promise<DevelopmentServer> {
  if (loader) return loader();
  return Promise.reject(
    new UserFacingError(
      'The local identity server (--sandbox) is not included in this build; it runs from a source checkout (npm install, then npm run sandbox).',
      'sandbox_unavailable',
    ),
  );
}
