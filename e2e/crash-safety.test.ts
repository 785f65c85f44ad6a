/**
 * Crash safety (issue 5, acceptance 3): `pipecat-tray daemon` is SIGKILLed at seeded random moments
 * while it refreshes a 1 s session back to back against the sandbox, then restarted, until the
 * sandbox has answered CRASH_REFRESHES refresh-token grants and CRASH_KILLS kills have happened. After every
 * kill the credentials file parses, holds one consistent set of credentials (the access and refresh
 * token of one token response), keeps every CLI table, and no write-file-atomic temp file is left
 * in the folder once the next daemon has started (that last one fails today: see the `it.fails`).
 *
 * A kill after the provider rotated the refresh token but before the file was written loses the
 * new pair: the next daemon presents the old refresh token, the provider sees a replay and revokes
 * the grant. That is a known limitation (SECURITY.md), not a broken file; such replays are counted
 * and reported, and the lane signs in again. Seed: CRASH_SEED (printed on failure).
 */
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { watch } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from './sandbox/index.js';
import { fixtureForHost, parseSnapshot, signInOverHttp, writeLikeTheCli } from './support/daemon.js';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';

const TTL_SECONDS = 1;
const LANES = Number(process.env['CRASH_LANES'] ?? 8);
/**
 * The suite's run fits ~3 minutes on a 2-core machine (about 0.6 kills a second there). The
 * issue's full run: CRASH_KILLS=500 CRASH_REFRESHES=500 CRASH_BUDGET_S=1200 (about 14 minutes).
 */
const MIN_REFRESHES = Number(process.env['CRASH_REFRESHES'] ?? 200);
const MIN_KILLS = Number(process.env['CRASH_KILLS'] ?? 100);
/** A safety net for the whole run: the targets must be reached within it. */
const BUDGET_MS = Number(process.env['CRASH_BUDGET_S'] ?? 200) * 1000;
const SEED = Number(process.env['CRASH_SEED'] ?? Date.now() % 2 ** 31);
const FILE = 'pipecatcloud.toml';
/** write-file-atomic's temp names: `<file>.<murmurhash>` in the same folder. */
const TEMP_FILE = /^pipecatcloud\.toml\.\d+$/;
const REFRESHED = /^refreshed the access token/;
const OVER = /^(the refresh token was refused|signed out|session expired)/;

/** mulberry32: small, seeded, good enough to pick kill points. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let sandbox: Sandbox;
let root: string;
let fixture: string;

beforeAll(async () => {
  sandbox = await startSandbox({ accessTokenTtlSeconds: TTL_SECONDS });
  root = await mkdtemp(path.join(tmpdir(), 'pipecat-tray-crash-'));
  fixture = await readFile(path.resolve('tests/fixtures/cli/org-with-keys.toml'), 'utf8');
});

afterAll(async () => {
  await sandbox?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

/** Sign-ins share the fixed loopback ports 8400-8404: one at a time. */
let signInQueue: Promise<unknown> = Promise.resolve();
function serialSignIn(configPath: string): Promise<unknown> {
  // A 1 s access token may expire before sign-in's own profile request on a loaded machine: retry.
  const attempt = async (left: number): Promise<unknown> =>
    signInOverHttp(sandbox, configPath).catch((error: unknown) => {
      if (left <= 1) throw error;
      return attempt(left - 1);
    });
  const next = signInQueue.then(() => attempt(5));
  signInQueue = next.catch(() => undefined);
  return next;
}

interface Figures {
  kills: number;
  replays: number;
  /** Distinct write-file-atomic temp files seen in a folder after a restart. */
  leftoverTemps: Set<string>;
  violations: string[];
}

/** Resolves after `count` change events in `folder` (a temp file appearing, a rename…). */
function afterFolderEvents(folder: string, count: number): { done: Promise<void>; close: () => void } {
  let seen = 0;
  let resolve: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolve = r));
  const watcher = watch(folder, () => {
    seen += 1;
    if (seen >= count) resolve();
  });
  return { done, close: () => watcher.close() };
}

/** The invariants on the file as the kill left it; returns what is wrong (never a secret). */
function checkFile(text: string, cliTables: Record<string, unknown>): string[] {
  const problems: string[] = [];
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (error) {
    return [`the file does not parse: ${String(error).slice(0, 200)}`];
  }
  for (const [name, table] of Object.entries(cliTables)) {
    if (JSON.stringify(doc[name]) !== JSON.stringify(table)) problems.push(`CLI table [${name}] changed`);
  }
  const credentials = parseSnapshot(text).credentialsOf(sandbox.apiHost);
  if (!credentials?.token || !credentials.refreshToken) return [...problems, 'no credentials for the host'];
  const secrets = sandbox.secretsSeen();
  const access = secrets.indexOf(credentials.token);
  const refresh = secrets.indexOf(credentials.refreshToken);
  // The sandbox records each token response's access then refresh token, one after the other.
  if (access === -1 || refresh !== access + 1) {
    problems.push(`token and refresh token are not from one response (positions ${access}, ${refresh})`);
  }
  return problems;
}

async function runLane(
  lane: number,
  random: () => number,
  deadline: number,
  figures: Figures,
): Promise<void> {
  const folder = path.join(root, `lane-${lane}`);
  const configPath = path.join(folder, FILE);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await writeLikeTheCli(configPath, fixtureForHost(fixture, sandbox.apiHost, Date.now() / 1000 + 3600));
  const original = parse(await readFile(configPath, 'utf8')) as Record<string, unknown>;
  const cliTables = Object.fromEntries(
    Object.entries(original).filter(([name, value]) => name !== 'environments' && typeof value === 'object'),
  );
  await serialSignIn(configPath);

  const refreshes = (): number => sandbox.counters.tokenRequests['refresh_token'] ?? 0;
  while (Date.now() < deadline && (figures.kills < MIN_KILLS || refreshes() < MIN_REFRESHES)) {
    const daemon: DaemonProcess = await startDaemonProcess({
      apiHost: sandbox.apiHost,
      configPath,
      caFile: sandbox.caFile,
    });
    // "after the next start": the previous kill's leftovers must be gone once this one started.
    const leftovers = (await readdir(folder)).filter((name) => TEMP_FILE.test(name));
    for (const name of leftovers) figures.leftoverTemps.add(`${lane}/${name}`);
    const start = daemon.mark();
    const first = await Promise.race([
      daemon.waitForLine(REFRESHED, { since: start }).then(() => 'refreshed' as const),
      daemon.waitForLine(OVER, { since: start }).then(() => 'over' as const),
    ]);
    if (first === 'over') {
      // The kill lost a token response: the restarted daemon replayed a rotated refresh token.
      figures.replays += 1;
      await daemon.stop('SIGTERM');
      await serialSignIn(configPath);
      continue;
    }
    // A seeded kill point: after 0-2 more refreshes, then after 1-4 changes in the folder (inside a
    // write), right away, or a few milliseconds on (inside a token request).
    const more = Math.floor(random() * 3);
    if (more > 0) await daemon.waitForLine(REFRESHED, { since: daemon.mark() + more - 1 });
    const how = random();
    if (how < 0.5) {
      const events = afterFolderEvents(folder, 1 + Math.floor(random() * 4));
      await Promise.race([events.done, daemon.exited]);
      events.close();
    } else if (how < 0.75) {
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 400)));
    }
    await daemon.stop('SIGKILL');
    figures.kills += 1;
    const problems = checkFile(await readFile(configPath, 'utf8'), cliTables);
    for (const problem of problems)
      figures.violations.push(`lane ${lane}, kill ${figures.kills}: ${problem}`);
  }
}

const figures: Figures = { kills: 0, replays: 0, leftoverTemps: new Set(), violations: [] };

describe('crash safety', () => {
  it(
    'survives seeded SIGKILLs during back-to-back refreshes with the file intact',
    async () => {
      const started = Date.now();
      const master = rng(SEED);
      const failures: string[] = [];
      await Promise.all(
        Array.from({ length: LANES }, (_, lane) =>
          runLane(lane, rng(Math.floor(master() * 2 ** 31)), started + BUDGET_MS, figures).catch(
            (error: unknown) => {
              failures.push(`lane ${lane} stopped: ${String(error).slice(0, 300)}`);
            },
          ),
        ),
      );
      const refreshGrants = sandbox.counters.tokenRequests['refresh_token'] ?? 0;
      const summary =
        `crash-safety seed=${SEED}: ${figures.kills} kills, ${refreshGrants} refresh grants, ` +
        `${figures.replays} replays (grants revoked: ${sandbox.counters.grantsRevoked}), ` +
        `${figures.leftoverTemps.size} leftover temp files, ${figures.violations.length} violations, ` +
        `${Math.round((Date.now() - started) / 1000)} s`;
      console.log(summary);
      expect(failures, summary).toEqual([]);
      expect(figures.violations.slice(0, 20), summary).toEqual([]);
      expect(figures.kills, summary).toBeGreaterThanOrEqual(MIN_KILLS);
      expect(refreshGrants, summary).toBeGreaterThanOrEqual(MIN_REFRESHES);
    },
    BUDGET_MS + 60_000,
  );

  // Known to fail today: write-file-atomic removes its temp file on exit and catchable signals, not
  // on SIGKILL, and nothing removes `pipecatcloud.toml.<n>` later. Flips to a failure (remove
  // `.fails`) once the store sweeps its own stale temp files at start (see SECURITY.md).
  it.fails('leaves no write-file-atomic temp file in the folder after the next start', () => {
    expect(figures.kills).toBeGreaterThan(0);
    expect([...figures.leftoverTemps].length, 'temp files left after a restart').toBe(0);
  });
});
