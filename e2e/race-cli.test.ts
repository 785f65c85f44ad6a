/**
 * `pipecat-tray daemon` racing a program that behaves like the CLI (e2e/support/cli-racer.ts)
 * on one credentials file, at the worst moments we can make: back to back with the daemon's
 * refreshes, a command that read the file right before the daemon rotated the token and acts after
 * it, and the daemon frozen (SIGSTOP) or stopped (SIGTERM) so the racer must refresh on its own and
 * the daemon must then take the racer's token instead of replaying its own, dead refresh token.
 *
 * After every racer command: nobody was signed out (no grant revoked, no refused refresh at the
 * token endpoint, nothing about it in the daemon's log), the file parses (smol-toml every time,
 * Python's tomllib on a sample) and its top-level token works (`GET /v1/users` = 200).
 *
 * Time scale. In production an access token lives 1 day; the app refreshes when half of it is left
 * (12 h) and the CLI only in its last 60 s: the CLI's window is 1/720 of the app's margin, so
 * while the app runs the CLI never refreshes. Here a token lives TTL_SECONDS = 8 s and the app's
 * margin is half the lifetime as well (refresh-policy.ts: 4 s). Scaling 60 s the way it relates
 * to a day would give 6 ms, less than one command takes, so a command could never start inside it.
 * The racer's window is instead WINDOW_SECONDS = 2 s: the last quarter of the lifetime, half the
 * app's margin. That keeps what matters (window < margin, so a running daemon always refreshes
 * first, with a 2 s gap for scheduling noise) and is wide enough for the first command that starts
 * inside it to refresh, as a real CLI run in the last minute would.
 *
 * The app's processes run as a real user's would when their CLI is pointed at the sandbox:
 * PIPECAT_API_HOST names it. Only then may the app ask the sandbox whether the racer's top-level
 * token is its own (`mayProbeTopLevel`; the CLI sends that token there on every command anyway),
 * which is how the thawed and the new daemon recognise and take the racer's refreshed session.
 * e2e/daemon-top-level-privacy.test.ts shows the other side: without it the top level stays home.
 */
import { watch, readFileSync, existsSync, type FSWatcher } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeLoginOverHttp, startSandbox, type Sandbox } from '../sandbox/index.js';
import {
  CliRacer,
  parseCredentialsText,
  topLevelOf,
  type FileSnapshot,
  type RacerCommand,
} from './support/cli-racer.js';
import { maskTokens, startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { loadWithPythonTomllib } from './support/python-toml.js';
import { startTrayCli } from './support/tray-cli.js';

const TTL_SECONDS = 8;
const WINDOW_SECONDS = 2;
/** Python's tomllib reads the file after every refresh and every this many commands. */
const PYTHON_SAMPLE_EVERY = 25;
const READ_BEFORE_REFRESH_CYCLES = 5;

const AUTHORIZE_URL = /^ {2}(https:\/\/\S+)$/m;
const SIGNED_IN = /^signed in as dev@example\.com · Acme Inc\. \(acme\) with OAuth$/;
const REFRESHED = /^refreshed the access token/;
const ADOPTED = /^took the newer token written by another program/;
/** Anything the daemon says when a session is lost, a refresh failed, or the file was unusable. */
const TROUBLE =
  /refresh token was refused|refresh failed|session expired|signed out|needs attention|cannot use the credentials file|lock was lost/;
const LOCK_NAME = '.pipecat-tray.lock';

let sandbox: Sandbox;
let dir: string;
let configPath: string;
let racer: CliRacer;
const daemons: DaemonProcess[] = [];
/** The daemon now racing (phase 4 replaces it). */
let daemon: DaemonProcess;

/** Where the invariants have looked in the sandbox's request log so far. */
let requestLogCursor = 0;
const figures = {
  pythonChecks: 0,
  /** Commands that acted on a token someone else had rotated after the command read it. */
  staleActs: 0,
  /** Commands that read the file at the moment the daemon took its lock to refresh. */
  readRightBeforeRefresh: 0,
  racerRefreshesWhileDaemonRan: 0,
  /** Seconds left on the token when each racer refresh's command started. */
  racerRefreshStarts: [] as number[],
};

beforeAll(async () => {
  sandbox = await startSandbox({ accessTokenTtlSeconds: TTL_SECONDS });
  dir = await mkdtemp(path.join(tmpdir(), 'pipecat-tray-race-'));
  configPath = path.join(dir, 'pcc', 'pipecatcloud.toml');
  await signInWithTheApp();
  racer = new CliRacer({
    apiHost: sandbox.apiHost,
    configPath,
    caPem: sandbox.caPem,
    windowSeconds: WINDOW_SECONDS,
  });
});

afterAll(async () => {
  await Promise.all(daemons.map((running) => running.stop('SIGKILL')));
  await racer?.close();
  await sandbox?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The environment of the app's processes: the sandbox CA, and the CLI pointed at the sandbox. */
function appEnv(): Record<string, string> {
  return { NODE_EXTRA_CA_CERTS: sandbox.caFile, PIPECAT_API_HOST: sandbox.apiHost };
}

/** `pipecat-tray login --no-browser`, the browser's part played over HTTP. */
async function signInWithTheApp(): Promise<void> {
  const cli = startTrayCli(['login', '--no-browser', '--api-host', sandbox.apiHost, '--config', configPath], {
    env: appEnv(),
  });
  const [, url = ''] = await cli.stdoutMatch(AUTHORIZE_URL);
  const callback = await completeLoginOverHttp(url, sandbox.account, { ca: sandbox.caPem });
  await (await fetch(callback)).text();
  const result = await cli.process.result;
  expect(result.code, maskTokens(result.stderr)).toBe(0);
}

async function startDaemon(): Promise<DaemonProcess> {
  const started = await startDaemonProcess({
    apiHost: sandbox.apiHost,
    configPath,
    caFile: sandbox.caFile,
    env: appEnv(),
  });
  daemons.push(started);
  await started.waitForLine(SIGNED_IN, { since: 0 });
  return started;
}

function daemonRefreshes(): number {
  return daemons.reduce((sum, running) => sum + running.linesMatching(REFRESHED).length, 0);
}

/** The invariants every command ends with: nobody was signed out, by anyone. */
function expectNobodySignedOut(label: string): void {
  expect(sandbox.counters.grantsRevoked, `${label}: a grant was revoked`).toBe(0);
  const log = sandbox.requestLog;
  const refused: string[] = [];
  for (; requestLogCursor < log.length; requestLogCursor += 1) {
    const entry = log[requestLogCursor];
    if (entry?.method === 'POST' && entry.path === '/oidc/token' && entry.status !== 200) {
      refused.push(`POST /oidc/token ${entry.status}`);
    }
  }
  expect(refused, `${label}: the token endpoint refused a refresh`).toEqual([]);
  const trouble = daemons.flatMap((running) => running.linesMatching(TROUBLE));
  expect(trouble, `${label}: the daemon reported trouble`).toEqual([]);
}

/** The file parses and its top-level token (the one the CLI uses) works; returns what it holds. */
async function expectHealthyFile(label: string, withPython: boolean): Promise<FileSnapshot> {
  const text = await readFile(configPath, 'utf8');
  let top: FileSnapshot;
  try {
    top = topLevelOf(parseCredentialsText(text), Date.now());
  } catch (error) {
    // No `cause`: smol-toml quotes the document, which holds tokens, and vitest prints causes.
    // eslint-disable-next-line preserve-caught-error
    throw new Error(`${label}: the file does not parse: ${maskTokens(String(error))}`);
  }
  expect(top.token, `${label}: no top-level token`).toBeTruthy();
  expect(await racer.usersStatus(top.token ?? ''), `${label}: GET /v1/users with the file's token`).toBe(200);
  if (withPython) {
    const parsed = await loadWithPythonTomllib(configPath);
    expect(parsed['token'], `${label}: tomllib`).toMatchObject({ type: 'str' });
    expect(parsed['token_expires_at'], `${label}: tomllib`).toMatchObject({ type: 'float' });
    figures.pythonChecks += 1;
  }
  return top;
}

/** One racer command and every invariant after it. */
async function command(startUpRead?: FileSnapshot): Promise<RacerCommand> {
  const result = await racer.run(startUpRead);
  const label = `command ${racer.counts.commands}`;
  expect(result.refresh?.error, `${label}: the racer's refresh was refused`).toBeUndefined();
  expect(result.usersStatus, `${label}: GET /v1/users with the token it had`).toBe(200);
  if (result.refresh) figures.racerRefreshStarts.push(result.secondsLeft);
  const now = await expectHealthyFile(
    label,
    result.refresh !== undefined || racer.counts.commands % PYTHON_SAMPLE_EVERY === 0,
  );
  if (!result.refresh && now.token !== result.read.token) figures.staleActs += 1;
  expectNobodySignedOut(label);
  return result;
}

/** Runs commands back to back (no pause between them) until `event` happens; returns how many. */
async function raceUntil(event: Promise<unknown>): Promise<number> {
  let happened = false;
  const settled = event.then(
    () => {
      happened = true;
    },
    () => {
      happened = true;
    },
  );
  let commands = 0;
  while (!happened) {
    await command();
    commands += 1;
  }
  await settled;
  await event;
  return commands;
}

/** Commands back to back until one refreshes; returns that command. */
async function raceUntilTheRacerRefreshes(): Promise<RacerCommand> {
  for (;;) {
    const result = await command();
    if (result.refresh) return result;
  }
}

/**
 * Resolves with the file as it was when the daemon next took its credentials lock, i.e. right
 * before it re-reads the file to refresh. The read is synchronous inside the watch callback, so it
 * happens before this process (which also runs the sandbox) can answer the daemon's token request.
 */
function readWhenTheDaemonTakesItsLock(): Promise<FileSnapshot> {
  const folder = path.dirname(configPath);
  const lock = path.join(folder, LOCK_NAME);
  return new Promise((resolve, reject) => {
    let watcher: FSWatcher | undefined;
    watcher = watch(folder, (event, name) => {
      if (event !== 'rename' || name !== LOCK_NAME || !existsSync(lock)) return;
      try {
        const snapshot = topLevelOf(parseCredentialsText(readFileSync(configPath, 'utf8')), Date.now());
        watcher?.close();
        watcher = undefined;
        resolve(snapshot);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

describe('pipecat-tray daemon racing a CLI-like program', () => {
  it('while the daemon runs, back-to-back commands never need to refresh', async () => {
    daemon = await startDaemon();
    const since = daemon.mark();
    let refreshes = daemon.waitForLine(REFRESHED, { since });
    for (let n = 1; n < 3; n += 1) {
      refreshes = refreshes.then((line) => daemon.waitForLine(REFRESHED, { since: line.index + 1 }));
    }
    const commands = await raceUntil(refreshes);
    expect(commands).toBeGreaterThanOrEqual(50);
    expect(daemon.linesMatching(REFRESHED, since)).toHaveLength(3);
    figures.racerRefreshesWhileDaemonRan += racer.counts.refreshes;
    expect(racer.counts.refreshes, 'the racer refreshed although the daemon was running').toBe(0);
  });

  it('a command that read the file right before the daemon refreshed acts after it without harm', async () => {
    for (let cycle = 1; cycle <= READ_BEFORE_REFRESH_CYCLES; cycle += 1) {
      const since = daemon.mark();
      const read = await readWhenTheDaemonTakesItsLock();
      await daemon.waitForLine(REFRESHED, { since });
      const now = await expectHealthyFile(`cycle ${cycle}`, false);
      const readBefore = now.token !== read.token;
      if (readBefore) figures.readRightBeforeRefresh += 1;
      const refreshesBefore = racer.counts.refreshes;
      const result = await command(read);
      // What the CLI decides from what it read: still more than its window left, so no refresh,
      // and the access token the daemon just replaced still works until it expires.
      expect(result.secondsLeft).toBeGreaterThan(WINDOW_SECONDS);
      expect(racer.counts.refreshes).toBe(refreshesBefore);
    }
    expect(figures.readRightBeforeRefresh).toBe(READ_BEFORE_REFRESH_CYCLES);
  });

  it('with the daemon frozen (SIGSTOP) the racer refreshes inside its window; the thawed daemon adopts that token', async () => {
    const since = daemon.mark();
    await daemon.waitForLine(REFRESHED, { since });
    // Idle now: its next wake-up is the timer for this token, half a lifetime away.
    daemon.freeze();
    const refreshesBefore = daemonRefreshes();
    const refreshed = await raceUntilTheRacerRefreshes();
    // The first command that started inside the window refreshed: it started just inside it.
    expect(refreshed.secondsLeft).toBeLessThan(WINDOW_SECONDS);
    expect(refreshed.secondsLeft).toBeGreaterThan(WINDOW_SECONDS - 1);
    expect(racer.counts.refreshes).toBe(1);

    const thawed = daemon.mark();
    daemon.thaw();
    const adoption = daemon.waitForLine(ADOPTED, { since: thawed });
    await raceUntil(adoption);
    const adopted = await adoption;
    // Taken, not refreshed: its own refresh token was the one the racer had already used.
    expect(daemon.linesMatching(REFRESHED, thawed)).toEqual([]);
    expect(daemonRefreshes()).toBe(refreshesBefore);

    // And its next refresh, with the racer's refresh token, works.
    await raceUntil(daemon.waitForLine(REFRESHED, { since: adopted.index + 1 }));
    expect(racer.counts.refreshes).toBe(1);
  });

  it('with the daemon stopped (SIGTERM) the racer keeps the session alone; a new daemon takes its token', async () => {
    const since = daemon.mark();
    await daemon.waitForLine(REFRESHED, { since });
    expect(await daemon.stop()).toBe(0);
    expect(daemon.linesMatching(/^daemon stopped \(SIGTERM\)$/, since)).toHaveLength(1);

    const refreshesBefore = racer.counts.refreshes;
    for (let n = 1; n <= 2; n += 1) {
      const refreshed = await raceUntilTheRacerRefreshes();
      expect(refreshed.secondsLeft).toBeLessThan(WINDOW_SECONDS);
      expect(refreshed.secondsLeft).toBeGreaterThan(WINDOW_SECONDS - 1);
    }
    expect(racer.counts.refreshes).toBe(refreshesBefore + 2);

    daemon = await startDaemon();
    await raceUntil(daemon.waitForLine(REFRESHED, { since: 0 }));
    expect(racer.counts.refreshes).toBe(refreshesBefore + 2);
  });

  it('adds up: every refresh at the sandbox was the racer`s or the daemon`s, and nothing leaked', () => {
    const racerRefreshes = racer.counts.refreshes;
    const daemonRefreshCount = daemonRefreshes();
    expect(sandbox.counters.tokenRequests['refresh_token']).toBe(racerRefreshes + daemonRefreshCount);
    expect(racer.counts.refusedRefreshes).toBe(0);
    expect(racer.counts.commands).toBeGreaterThanOrEqual(50);
    expect(figures.pythonChecks).toBeGreaterThan(0);
    expect(figures.racerRefreshesWhileDaemonRan).toBe(0);
    expectNobodySignedOut('at the end');

    const secrets = sandbox.secretsSeen();
    const transcripts = daemons.map((running) => running.transcript()).join('\n');
    expect(secrets.filter((secret) => transcripts.includes(secret)).length).toBe(0);

    console.info(
      `race figures: ${racer.counts.commands} racer commands, ${racerRefreshes} racer refreshes ` +
        `(each started with ${figures.racerRefreshStarts.map((s) => s.toFixed(2)).join(', ')} s left), ` +
        `${daemonRefreshCount} daemon refreshes, ${figures.staleActs} commands acted on a token rotated ` +
        `after they read it (${figures.readRightBeforeRefresh} read at the daemon's lock), ` +
        `${figures.pythonChecks} tomllib checks, 0 revoked grants`,
    );
  });
});
