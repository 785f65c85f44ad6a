/**
 * Crash safety (issue 5, acceptance 3): `pipecat-tray daemon` is SIGKILLed at seeded random moments
 * (see KILL_POINTS) while it refreshes a 1 s session back to back against the sandbox, then
 * restarted, until the sandbox has answered CRASH_REFRESHES refresh-token grants and CRASH_KILLS
 * kills have happened (500 each by default). After every kill the credentials file parses, holds
 * one consistent set of credentials (the access and refresh token of one token response), keeps
 * every CLI table, and no write-file-atomic temp file is left in the folder once the next daemon
 * has started.
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
import { seededRandom } from '../tests/unit/support/virtual-clock.js';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { fixtureForHost, parseSnapshot, signInOverHttp, writeLikeTheCli } from './support/daemon.js';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';

const TTL_SECONDS = 1;
const LANES = Number(process.env['CRASH_LANES'] ?? 8);
/** The issue's run (500 kills) takes about 4 minutes on a 2-core machine; smaller runs for a quick look. */
const MIN_REFRESHES = Number(process.env['CRASH_REFRESHES'] ?? 500);
const MIN_KILLS = Number(process.env['CRASH_KILLS'] ?? 500);
/** A safety net for the whole run: the targets must be reached within it. */
const BUDGET_MS = Number(process.env['CRASH_BUDGET_S'] ?? 900) * 1000;
const SEED = Number(process.env['CRASH_SEED'] ?? Date.now() % 2 ** 31);
const FILE = 'pipecatcloud.toml';
/** write-file-atomic's temp names: `<file>.<murmurhash>` in the same folder. */
const TEMP_FILE = /^pipecatcloud\.toml\.\d+$/;
const REFRESHED = /^refreshed the access token/;
const OVER = /^(the refresh token was refused|signed out|session expired)/;

/**
 * Where a kill lands, each reached by waiting for an event (never for time):
 * - starting: as soon as the daemon has started (its leftover sweep done, its first refresh due);
 * - idle: right after it printed "refreshed" (the new pair written, nothing in flight);
 * - writing: after the n-th change in the folder once the next refresh begins (lock, temp file,
 *   rename…), so somewhere inside a refresh-and-write;
 * - answered: when the sandbox answers a token request, any lane's: a random moment in this lane's
 *   cycle, now and then its own request in flight right after the provider rotated its token.
 */
const KILL_POINTS = ['starting', 'idle', 'writing', 'answered'] as const;
type KillPoint = (typeof KILL_POINTS)[number];
const KILL_POINT_WEIGHTS: Record<KillPoint, number> = {
  starting: 0.1,
  idle: 0.15,
  writing: 0.5,
  answered: 0.25,
};

function pickKillPoint(random: () => number): KillPoint {
  let roll = random();
  for (const point of KILL_POINTS) {
    roll -= KILL_POINT_WEIGHTS[point];
    if (roll < 0) return point;
  }
  return 'writing';
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
  /** Kills per kill point, and how many of them the next daemon found replayed (grant revoked). */
  killsAt: Record<KillPoint, number>;
  replaysAfter: Record<KillPoint, number>;
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
  let previous: KillPoint | undefined;
  while (Date.now() < deadline && (figures.kills < MIN_KILLS || refreshes() < MIN_REFRESHES)) {
    const daemon: DaemonProcess = await startDaemonProcess({
      apiHost: sandbox.apiHost,
      configPath,
      caFile: sandbox.caFile,
    });
    // "after the next start": any line after "daemon started" comes once its session has started,
    // and the session removes a killed write's temp files first thing.
    const ready = await Promise.race([
      daemon.waitForLine(/./, { since: 1 }).then(() => true),
      daemon.exited.then(() => false),
    ]);
    if (!ready) throw new Error(`the daemon exited at start: ${daemon.transcript().slice(-500)}`);
    const leftovers = (await readdir(folder)).filter((name) => TEMP_FILE.test(name));
    for (const name of leftovers) figures.leftoverTemps.add(`${lane}/${name}`);

    const point = pickKillPoint(random);
    if (point !== 'starting') {
      const first = await Promise.race([
        daemon.waitForLine(REFRESHED, { since: 1 }).then(() => 'refreshed' as const),
        daemon.waitForLine(OVER, { since: 1 }).then(() => 'over' as const),
      ]);
      if (first === 'over') {
        // The last kill lost a token response: this daemon replayed a rotated refresh token.
        figures.replays += 1;
        if (previous) figures.replaysAfter[previous] += 1;
        previous = undefined;
        await daemon.stop('SIGTERM');
        await serialSignIn(configPath);
        continue;
      }
      // 0-2 more refreshes first, so kills spread over a daemon's whole life.
      const more = Math.floor(random() * 3);
      if (more > 0) await daemon.waitForLine(REFRESHED, { since: daemon.mark() + more - 1 });
      if (point === 'writing') {
        const events = afterFolderEvents(folder, 1 + Math.floor(random() * 6));
        await Promise.race([events.done, daemon.exited]);
        events.close();
      } else if (point === 'answered') {
        await Promise.race([
          sandbox.nextRequest((request) => request.path.endsWith('/token')),
          daemon.exited,
        ]);
      }
    }
    await daemon.stop('SIGKILL');
    figures.kills += 1;
    figures.killsAt[point] += 1;
    previous = point;
    const problems = checkFile(await readFile(configPath, 'utf8'), cliTables);
    for (const problem of problems)
      figures.violations.push(`lane ${lane}, kill ${figures.kills} (${point}): ${problem}`);
  }
}

const perPoint = (): Record<KillPoint, number> => ({ starting: 0, idle: 0, writing: 0, answered: 0 });
const figures: Figures = {
  kills: 0,
  replays: 0,
  killsAt: perPoint(),
  replaysAfter: perPoint(),
  leftoverTemps: new Set(),
  violations: [],
};

describe('crash safety', () => {
  it(
    'survives seeded SIGKILLs during back-to-back refreshes with the file intact',
    async () => {
      const started = Date.now();
      const master = seededRandom(SEED);
      const failures: string[] = [];
      await Promise.all(
        Array.from({ length: LANES }, (_, lane) =>
          runLane(lane, seededRandom(Math.floor(master() * 2 ** 31)), started + BUDGET_MS, figures).catch(
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
        `kills/replays by point: ${KILL_POINTS.map((p) => `${p} ${figures.killsAt[p]}/${figures.replaysAfter[p]}`).join(', ')}, ` +
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

  // write-file-atomic cleans its temp file up on exit and catchable signals, not on SIGKILL: the
  // session's start removes what a killed write left (CredentialsStore.removeLeftoverTempFiles).
  it('leaves no write-file-atomic temp file in the folder after the next start', () => {
    expect(figures.kills).toBeGreaterThan(0);
    expect([...figures.leftoverTemps].length, 'temp files left after a restart').toBe(0);
  });
});
