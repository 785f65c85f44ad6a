/**
 * `npm run simulate -- --days 365 --seeds 100 [--first-seed 1] [--broken no-reread]
 * [--policy current|no-process-check|old|all]`: runs the seeded simulation (sim/world.ts) for each
 * seed, prints every failure with its seed and trace, then the figures; `all` runs each policy
 * (sim/policies.ts) on the same seeds and ends with a comparison. Exit code 1 if any seed under the
 * current policy broke an invariant.
 */
import { parseArgs } from 'node:util';
import { type Policy, POLICIES } from './policies.js';
import { type Breakage, type Figures, runSimulation, type SimulationResult } from './world.js';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '365' },
    seeds: { type: 'string', default: '100' },
    'first-seed': { type: 'string', default: '1' },
    broken: { type: 'string', default: 'none' },
    trace: { type: 'string', default: '50' },
    'lost-responses': { type: 'string', default: 'on' },
    policy: { type: 'string', default: 'current' },
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
  !['none', 'no-reread'].includes(breakage) ||
  !['all', ...POLICIES].includes(values.policy)
) {
  console.error(
    'usage: simulate [--days N] [--seeds N] [--first-seed N] [--broken none|no-reread] [--policy current|no-process-check|old|all]',
  );
  process.exit(2);
}

async function runPolicy(policy: Policy): Promise<{ total: Totals; failed: number }> {
  const started = performance.now();
  const results: SimulationResult[] = [];
  for (let seed = firstSeed; seed < firstSeed + seeds; seed += 1) {
    const result = await runSimulation({
      seed,
      days,
      breakage,
      lostResponses,
      policy,
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

  const total = {} as Totals;
  for (const result of results) {
    for (const [key, value] of Object.entries(result.figures) as [keyof Figures, number][]) {
      total[key] = (total[key] ?? 0) + value;
    }
  }
  const failed = results.filter((result) => !result.ok);
  printFigures(policy, total, seconds, failed);
  return { total, failed: failed.length };
}

type Totals = Record<keyof Figures, number>;

function printFigures(policy: Policy, total: Totals, seconds: number, failed: SimulationResult[]): void {
  const appRequests = total.appRequests;
  console.log(
    `\n${seeds} seeds x ${days} days, policy ${policy} (${breakage === 'none' ? 'real refresher' : `broken refresher: ${breakage}`}; lost responses ${lostResponses ? 'on' : 'off'}) in ${seconds.toFixed(1)} s`,
  );
  console.log(
    `seeds failed: ${failed.length}${failed.length ? ` (${failed.map((r) => r.seed).join(', ')})` : ''}`,
  );
  console.log(`forced sign-ins: ${total.forcedSignIns} (target 0)`);
  console.log(
    `sign-ins forced by the wake race: ${total.wakeRaceSignIns} (wake CLI commands ${total.wakeCliCommands}, of which refreshed or tried ${total.wakeCliRefreshes}; refreshed during the grace ${total.cliSelfRefreshDuringGrace})`,
  );
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
    `app token requests per day: ${(appRequests / (seeds * days)).toFixed(2)}; of which before a sleep ${(total.beforeSleepRefreshes / (seeds * days)).toFixed(2)}`,
  );
  console.log(
    `sleeps ${total.sleeps}, offline spells ${total.offlineSpells}, clock adjustments ${total.clockAdjustments}, app restarts ${total.restarts}, events ${total.events}`,
  );
}

const policies: Policy[] = values.policy === 'all' ? [...POLICIES] : [values.policy as Policy];
const totals = new Map<Policy, { total: Totals; failed: number }>();
for (const policy of policies) totals.set(policy, await runPolicy(policy));
if (policies.length > 1) {
  console.log(`\nissue 11, ${seeds} seeds x ${days} days each:`);
  console.log(
    'policy            wake-race sign-ins  other forced  token requests/day  wake commands that refreshed',
  );
  for (const [policy, { total }] of totals) {
    console.log(
      `${policy.padEnd(18)}${String(total.wakeRaceSignIns).padStart(18)}${String(total.forcedSignIns).padStart(14)}${(total.appRequests / (seeds * days)).toFixed(2).padStart(20)}${String(total.wakeCliRefreshes).padStart(30)}`,
    );
  }
}
process.exitCode = (totals.get('current')?.failed ?? 0) > 0 ? 1 : 0;
