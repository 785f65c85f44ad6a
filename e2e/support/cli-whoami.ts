/**
 * `pipecat cloud auth whoami` with the real CLI as users install it, the one command the
 * wake-race test runs: a seam of its own so the race can be pointed at another CLI in one place.
 */
import { ensurePipecatCli, runPipecatCloud, type CliResult, type CliRunOptions } from './cli.js';

export { ensurePipecatCli as ensureCli };

export function runCliWhoami(options: CliRunOptions): Promise<CliResult> {
  return runPipecatCloud(['auth', 'whoami'], options);
}

/** What the CLI prints when its session is gone (a refused refresh, then a 401). */
export const SIGNED_OUT_MESSAGE = /Please log in again using pipecat cloud auth login/;
