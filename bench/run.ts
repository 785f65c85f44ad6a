/**
 * `npm run bench [-- --quick]`: measures the figures README.md's "Performance" section explains,
 * prints them as a table and writes them to `.test-results/bench.json`. Figures are measured,
 * never asserted: a broken run (a refresh that failed, a daemon that never signed in) still fails.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../sandbox/index.js';
import { parseBenchArgs } from './args.js';
import { benchDaemon } from './daemon-bench.js';
import { currentLoadAverage, machineInfo } from './machine.js';
import { benchRefresh } from './refresh-bench.js';
import { renderHeader, renderTable } from './table.js';
import type { BenchSection } from './types.js';
import { benchWrites } from './writes-bench.js';

/** The repository root: dist/bench/run.js is two folders down. */
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = path.join(REPO, '.test-results', 'bench.json');

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  const machine = machineInfo();
  const dir = await mkdtemp(path.join(tmpdir(), 'pipecat-tray-bench-'));
  // A normal one-day access token, as production issues.
  const sandbox = await startSandbox({ accessTokenTtlSeconds: 86_400 });
  const sections: Record<string, BenchSection> = {};
  try {
    const step = (name: string): void => console.error(`bench: ${name}…`);
    step(`${options.refreshes} refreshes`);
    sections.refresh = await benchRefresh(sandbox, dir, options.refreshes);
    step(`2 x ${options.writesPerProcess} concurrent credentials writes`);
    sections.writes = await benchWrites(dir, options.writesPerProcess);
    step(`daemon idle for ${options.idleWindowMs / 1000} s`);
    sections.daemon = await benchDaemon(sandbox, dir, options.idleWindowMs);
  } finally {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }

  const figures = Object.values(sections).flatMap((section) => section.figures);
  const loadAtEnd = currentLoadAverage();
  console.log(
    `${renderHeader(machine, options.quick, options.idleWindowMs, loadAtEnd)}\n\n${renderTable(figures)}`,
  );
  const details = Object.fromEntries(
    Object.entries(sections).map(([name, section]) => [name, section.details]),
  );
  const report = {
    date: new Date().toISOString(),
    machine,
    loadAverageAtEnd: loadAtEnd,
    options,
    figures,
    details,
  };
  await mkdir(path.dirname(RESULTS), { recursive: true });
  await writeFile(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten to ${path.relative(process.cwd(), RESULTS) || RESULTS}`);
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
