import { readFile } from 'node:fs/promises';
import { UserFacingError } from '../main/core/errors.js';
import type { DevelopmentServer } from '../main/core/development-server.js';
import { withUserAgent } from '../main/core/http/fetch.js';
import { readRunningSandbox } from './state-file.js';
import { fetchTrustingCa } from './trusting-fetch.js';

/**
 * The sandbox `npm run sandbox` runs, found through its state file. Every command and the tray use
 * that one server, so a sign-in made by one is seen by the next; none is started on the side.
 */
export async function loadSandboxServer(): Promise<DevelopmentServer> {
  const running = await readRunningSandbox();
  if (!running) {
    throw new UserFacingError(
      'No sandbox is running: start one with `npm run sandbox` in another terminal, then try again.',
      'sandbox_not_running',
    );
  }
  const caPem = await readFile(running.caFile, 'utf8');
  return { apiHost: running.apiHost, fetch: withUserAgent(fetchTrustingCa(caPem)) };
}
