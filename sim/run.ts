/**
 * `npm run simulate -- --days 365 --seeds 100 [--first-seed 1] [--broken no-reread]`: runs the
 * seeded simulation (sim/world.ts) for each seed, prints every failure with its seed and trace,
 * then the figures. Exit code 1 if any seed broke an invariant.
 */
import { parseArgs } from 'node:util';
import { type Breakage, type Figures, runSimulation, type SimulationResult } from './world.js';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '365' },
    seeds: { type: 'string', default: '100' },
    'first-seed': { type: 'string', default: '1' },
    broken: { type: 'string', default: 'none' },
    trace: { type: 'string', default: '50' },
    'lost-responses': { type: 'string', default: 'on' },
  },
});

const days = Number(values.days);
const seeds = Number(values.seeds);
const firstSeed = Number(values['first-seed']);
const breakage = values.broken as Breakage;
const lostResponses = values['lost-responses'] !== 'off';
if (
  !(days > 0) ||
  !(seeds > 0) ||
  !Number.isInteger(firstSeed) ||
  !['none', 'no-reread'].includes(breakage)
) {
  console.error('usage: simulate [--days N] [--seeds N] [--first-seed N] [--broken none|no-reread]');
  process.exit(2);
}

const started = performance.now();
const results: SimulationResult[] = [];
for (let seed = firstSeed; seed < firstSeed + seeds; seed += 1) {
  const result = await runSimulation({
    seed,
    days,
    breakage,
    lostResponses,
    traceLength: Number(values.trace),
  });
  results.push(result);
  if (!result.ok) {
    console.log(`\nFAILED seed ${result.seed}: ${result.failure}`);
    console.log(
      `reproduce: npm run simulate -- --days ${days} --seeds 1 --first-seed ${result.seed}${breakage === 'none' ? '' : ` --broken ${breakage}`}${lostResponses ? '' : ' --lost-responses off'}`,
    );
    console.log(`last ${result.trace.length} events:`);
    for (const line of result.trace) console.log(`  ${line}`);
  }
}
const seconds = (performance.now() - started) / 1000;

const total = {} as Record<keyof Figures, number>;
for (const result of results) {
  for (const [key, value] of Object.entries(result.figures) as [keyof Figures, number][]) {
    total[key] = (total[key] ?? 0) + value;
  }
}
const failed = results.filter((result) => !result.ok);
const appRequests = total.appRequests;
console.log(
  `\n${seeds} seeds x ${days} days (${breakage === 'none' ? 'real refresher' : `broken refresher: ${breakage}`}; lost responses ${lostResponses ? 'on' : 'off'}) in ${seconds.toFixed(1)} s`,
);
console.log(
  `seeds failed: ${failed.length}${failed.length ? ` (${failed.map((r) => r.seed).join(', ')})` : ''}`,
);
console.log(`forced sign-ins: ${total.forcedSignIns} (target 0)`);
console.log(
  `sign-ins after a lost token response (counted apart): ${total.lostResponseSignIns} of ${total.lostResponses} lost responses`,
);
console.log(
  `CLI commands that refreshed themselves with the app awake: ${total.cliSelfRefreshWhileAppAwake} (target 0)`,
);
console.log(
  `  … before the app heard of a wake: ${total.cliSelfRefreshBeforeResume}; while the app backed off after offline: ${total.cliSelfRefreshWhileAppBackingOff}; app not running: ${total.cliSelfRefreshAppNotRunning}`,
);
console.log(
  `app refreshes: ${total.appRefreshes}; app token requests (incl. failed and offline): ${appRequests}; requests per refresh: ${(appRequests / Math.max(1, total.appRefreshes)).toFixed(3)} (online only: ${(total.appRequestsOnline / Math.max(1, total.appRefreshes)).toFixed(3)}); all token requests (app + CLI): ${total.refreshRequests}`,
);
console.log(
  `CLI commands: ${total.cliCommands} (offline failures ${total.cliOfflineFailures}); logins ${total.logins}, logouts ${total.logouts}, revocations ${total.revocations}`,
);
console.log(
  `sleeps ${total.sleeps}, offline spells ${total.offlineSpells}, clock adjustments ${total.clockAdjustments}, app restarts ${total.restarts}, events ${total.events}`,
);
process.exitCode = failed.length ? 1 : 0;
