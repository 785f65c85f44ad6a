/**
 * `whoami` with the real Pipecat Cloud CLI, the one command the wake-race test runs: a seam of
 * its own so the harness can be re-pointed (e.g. at `pipecat cloud auth whoami`) in one place.
 */
import { runPcc, type PccResult, type PccRunOptions } from './pcc.js';

export { ensurePcc as ensureCli } from './pcc.js';

export function runCliWhoami(options: PccRunOptions): Promise<PccResult> {
  return runPcc(['auth', 'whoami'], options);
}

/** What the CLI prints when its session is gone (a refused refresh, then a 401). */
export const SIGNED_OUT_MESSAGE = /Please log in again using pipecat cloud auth login/;
