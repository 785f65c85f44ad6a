import type { BenchOptions } from './types.js';

const FULL_IDLE_MS = 60_000;
const QUICK_IDLE_MS = 10_000;

/** `node dist/bench/run.js [--quick]`; anything else is a usage error. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const unknown = argv.filter((arg) => arg !== '--quick');
  if (unknown.length > 0) {
    throw new Error(`unknown argument ${unknown[0] ?? ''}; usage: npm run bench [-- --quick]`);
  }
  const quick = argv.includes('--quick');
  return {
    quick,
    refreshes: 500,
    writesPerProcess: 500,
    idleWindowMs: quick ? QUICK_IDLE_MS : FULL_IDLE_MS,
  };
}
