import type { Output } from './output.js';

/**
 * How every command ends on an action's outcome: its one sentence on stdout when it worked, on
 * stderr when it did not, and the exit code (0 or 1) scripts read.
 */
export function reportOutcome(output: Output, outcome: { ok: boolean; message: string }): number {
  if (outcome.ok) output.out(outcome.message);
  else output.err(outcome.message);
  return outcome.ok ? 0 : 1;
}
