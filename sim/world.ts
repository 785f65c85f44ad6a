/**
 * A seeded, deterministic simulation of a laptop over days or a year (issue 5, "A simulated
 * year"): the REAL Refresher on a VirtualClock, against the FakeProvider (rotation; a replayed
 * refresh token revokes the grant) and an in-memory credentials file (compare-and-swap), next to a
 * model of the `pcc` CLI with its real behaviour (docs/cli-credentials-behaviour.md): it reads the
 * file when a command starts, refreshes only when fewer than 60 s remain, with the refresh token it
 * read, takes no lock, re-reads the file and writes. The world sleeps, wakes, goes offline, has its
 * clock adjusted, restarts the app, logs in and out, switches org and stores a PAT.
 *
 * Time is coarse: while awake the wall clock jumps straight to the next interesting moment (the
 * refresher's next due or retry time, or the next world event) minus one tick, then advances so
 * the refresher's own timer fires as it would; the skipped ticks would only have found "not due".
 *
 * Not modelled: refresh-token expiry (the FakeProvider has none), a skew between the laptop's and
 * the provider's clocks (both share the VirtualClock), the CLI's few milliseconds between reading
 * the file and sending its request (a CLI command is atomic with respect to the app), and
 * AccountSession (the shell's `checkNow` calls on wake, network change and file change are made
 * here directly).
 */
import { sameSession, type StoredCredentials } from '../main/core/credentials/index.js';
import type { Provider } from '../main/core/discovery/discover.js';
import { Refresher, type RefreshOutcome } from '../main/core/session/refresher.js';
import { CLI_REFRESH_WINDOW_SECONDS } from '../main/core/session/refresh-policy.js';
import { RefreshFailure } from '../main/core/session/token-refresh.js';
import type { TokenSet } from '../main/core/sign-in/exchange-code.js';
import { FakeCredentialsStore, FakeLock } from '../tests/unit/support/fake-credentials.js';
import { FakeProvider } from '../tests/unit/support/fake-provider.js';
import { seededRandom, VirtualClock } from '../tests/unit/support/virtual-clock.js';
import { graceFor, marginFor, type Policy } from './policies.js';
import { auditedStore, brokenNoRereadStore, type SimStore } from './stores.js';
import { runWakeCli, wait, wakeCliTiming, type WakeCliResult } from './wake-cli.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A deliberately broken app, injected here only: `no-reread` refreshes with the credentials it
 * saw last instead of re-reading the file under the lock (it never sees what the CLI wrote).
 */
export type Breakage = 'none' | 'no-reread';

export interface SimulationOptions {
  seed: number;
  days: number;
  breakage?: Breakage;
  /** How many trace lines a failure keeps (the last ones). */
  traceLength?: number;
  /** Whether the world sometimes loses a token response after the provider rotated (default true). */
  lostResponses?: boolean;
  /** The app's refresh policy (sim/policies.ts); default `current`. */
  policy?: Policy;
}

export interface Figures {
  /** Sessions that ended without the user's logout, a revocation or an expired refresh token. */
  forcedSignIns: number;
  /** Sessions lost to a `lost_response` (provider rotated, answer lost, app replayed): counted apart. */
  lostResponseSignIns: number;
  lostResponses: number;
  appRefreshes: number;
  /** Token requests the app sent (failed ones included). */
  appRequests: number;
  /** … of which while online (offline ones are the backoff's retries). */
  appRequestsOnline: number;
  /** Token requests anyone sent (app and CLI). */
  refreshRequests: number;
  cliCommands: number;
  /** CLI commands that refreshed themselves with the app running, awake, online and caught up (target 0). */
  cliSelfRefreshWhileAppAwake: number;
  /** … right after a wake, before the app's resume check ran. */
  cliSelfRefreshBeforeResume: number;
  /** … while the app was backing off after being offline. */
  cliSelfRefreshWhileAppBackingOff: number;
  /** … while the app was not running. */
  cliSelfRefreshAppNotRunning: number;
  /** … while the app left a late token to it (the wake grace). */
  cliSelfRefreshDuringGrace: number;
  /** CLI commands run soon after a wake, with their real duration (issue 11). */
  wakeCliCommands: number;
  /** … that found the token expired or inside their 60 s window, so refreshed (or tried). */
  wakeCliRefreshes: number;
  /** Sessions lost to the wake race: the app and a command run on waking refreshed with one token. */
  wakeRaceSignIns: number;
  /** Refreshes the app made because the machine was about to sleep. */
  beforeSleepRefreshes: number;
  cliOfflineFailures: number;
  logins: number;
  logouts: number;
  revocations: number;
  sleeps: number;
  restarts: number;
  offlineSpells: number;
  clockAdjustments: number;
  events: number;
}

export interface SimulationResult {
  seed: number;
  ok: boolean;
  failure?: string;
  /** The last events before the failure (or the end). */
  trace: string[];
  figures: Figures;
}

type Phase = 'awake' | 'asleep';

class InvariantViolation extends Error {}

export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const world = new World(options);
  return world.run();
}

class World {
  private readonly seed: number;
  private readonly days: number;
  private readonly breakage: Breakage;
  private readonly traceLength: number;
  private readonly lostResponses: boolean;
  private readonly rng: () => number;
  private readonly clock: VirtualClock;
  private readonly provider: FakeProvider;
  private readonly file: FakeCredentialsStore;
  private readonly store: SimStore;
  private readonly lock = new FakeLock();
  private refresher: Refresher | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly trace: string[] = [];
  private readonly startMs: number;
  private phase: Phase = 'awake';
  private online = true;
  /** The app's resume check has not run yet since the last wake. */
  private resumePending = false;
  private lastOutcome: RefreshOutcome | undefined;
  /** Sessions the app declared expired, not yet looked at. */
  private readonly expired: StoredCredentials[] = [];
  /** Grants the user ended (logout) or the provider revoked on purpose. */
  private readonly deliberate = new Set<number>();
  /** Refresh tokens whose rotation answer was lost: presenting them again is an expected replay. */
  private readonly lostTokens = new Set<string>();
  private readonly lostGrants = new Set<number>();
  /** Grants revoked by a wake race (counted, not a failure, except under the current policy). */
  private readonly raceGrants = new Set<number>();
  private readonly policy: Policy;
  /** From the last wake until this moment, a replay is a wake race. */
  private wakeWindow = { fromMs: 0, untilMs: 0 };
  private cliInFlight = false;
  /** What the app was doing when the last wake command wrote its refresh. */
  private wakeCliContext: keyof Figures = 'cliSelfRefreshWhileAppAwake';
  private logSeen = 0;
  private patSerial = 0;
  private repeats = 1;
  private org = 'acme';
  readonly figures: Figures = {
    forcedSignIns: 0,
    lostResponseSignIns: 0,
    lostResponses: 0,
    appRefreshes: 0,
    appRequests: 0,
    appRequestsOnline: 0,
    refreshRequests: 0,
    cliCommands: 0,
    cliSelfRefreshWhileAppAwake: 0,
    cliSelfRefreshBeforeResume: 0,
    cliSelfRefreshWhileAppBackingOff: 0,
    cliSelfRefreshAppNotRunning: 0,
    cliSelfRefreshDuringGrace: 0,
    wakeCliCommands: 0,
    wakeCliRefreshes: 0,
    wakeRaceSignIns: 0,
    beforeSleepRefreshes: 0,
    cliOfflineFailures: 0,
    logins: 0,
    logouts: 0,
    revocations: 0,
    sleeps: 0,
    restarts: 0,
    offlineSpells: 0,
    clockAdjustments: 0,
    events: 0,
  };

  constructor(options: SimulationOptions) {
    this.seed = options.seed;
    this.days = options.days;
    this.breakage = options.breakage ?? 'none';
    this.traceLength = options.traceLength ?? 50;
    this.lostResponses = options.lostResponses ?? true;
    this.policy = options.policy ?? 'current';
    this.rng = seededRandom(options.seed * 2_654_435_761 + 17);
    this.clock = new VirtualClock({ seed: options.seed });
    this.startMs = this.clock.now();
    // One-day tokens as the contract says; every third seed uses one-hour tokens (many more refreshes).
    this.provider = new FakeProvider({
      clock: this.clock,
      accessTokenLifetimeSeconds: options.seed % 3 === 0 ? 3_600 : 86_400,
    });
    const initial = this.provider.signIn(this.org);
    this.figures.logins += 1;
    this.file = new FakeCredentialsStore(initial);
    const audited = auditedStore(this.file, (message) => this.fail(message));
    this.store = this.breakage === 'no-reread' ? brokenNoRereadStore(audited) : audited;
  }

  /** Lets the app's timers run for `ms`; a timer re-arming itself at 0 ms is a broken invariant. */
  private async advance(ms: number): Promise<void> {
    try {
      await this.clock.advance(ms);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('timer storm')) {
        this.fail(`the app's timer spins (${error.message}): it would re-read the file in a busy loop`);
      }
      throw error;
    }
  }

  async run(): Promise<SimulationResult> {
    try {
      this.note(
        `seed ${this.seed}, ${this.days} days, tokens live ${this.provider.accessTokenLifetimeSeconds} s`,
      );
      await this.startApp();
      const end = this.startMs + this.days * DAY;
      while (this.clock.now() < end) {
        await this.step();
        this.figures.events += 1;
        await this.check();
      }
      this.refresher?.stop();
      return this.result(true);
    } catch (error) {
      this.refresher?.stop();
      if (error instanceof InvariantViolation) return this.result(false, error.message);
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      return this.result(false, `crashed: ${message}`);
    }
  }

  private result(ok: boolean, failure?: string): SimulationResult {
    this.figures.refreshRequests = this.provider.counters.refreshRequests;
    return {
      seed: this.seed,
      ok,
      ...(failure === undefined ? {} : { failure }),
      trace: this.trace.slice(-this.traceLength),
      figures: this.figures,
    };
  }

  // ---- the world's moves -------------------------------------------------------------------

  private async step(): Promise<void> {
    if (this.phase === 'asleep') throw new Error('step while asleep');
    // How long until the next thing the user or the machine does (exponential, mean 90 min awake).
    const gap = Math.max(SECOND, Math.floor(-Math.log(1 - this.rng()) * 90 * MINUTE));
    await this.passAwake(this.clock.now() + gap);
    const roll = this.rng();
    if (roll < 0.55) return this.cliCommand();
    if (roll < 0.75) return this.sleep();
    if (roll < 0.82) return this.offlineSpell();
    if (roll < 0.86) return this.adjustClock();
    if (roll < 0.9) return this.restartApp();
    if (roll < 0.93) return this.orgSwitch();
    if (roll < 0.945) return this.quitApp();
    if (roll < 0.96) return this.usePat();
    if (roll < 0.972) return this.logout();
    if (roll < 0.98) return this.loginAgain('login');
    if (roll < 0.985) return this.revoke();
    if (roll < 0.99 && this.lostResponses) return this.loseNextResponse();
    return this.cliCommand();
  }

  /** Awake until `target`: the app's timer fires as it would; dead ticks are jumped over. */
  private async passAwake(target: number): Promise<void> {
    for (let guard = 0; this.clock.now() < target; guard += 1) {
      if (guard > 10_000) throw new Error('passAwake made no progress');
      const due = this.refresher?.nextRefreshAtMs;
      const stop = due !== undefined && due > this.clock.now() && due < target ? due : target;
      const lead = stop - this.clock.now() - 2 * MINUTE;
      // Jump the dead ticks (each would only have found "not due"), then let the timer run.
      if (lead > 0) this.clock.jump(lead);
      await this.advance(Math.max(0, stop - this.clock.now()));
      if (stop === due) await this.advance(MINUTE + SECOND);
      await this.afterAppWork();
    }
  }

  private async sleep(): Promise<void> {
    this.figures.sleeps += 1;
    // Minutes to days: mostly a night, sometimes a lunch break, now and then a long weekend.
    const roll = this.rng();
    const ms =
      roll < 0.3
        ? Math.floor((5 + this.rng() * 115) * MINUTE)
        : roll < 0.9
          ? Math.floor((6 + this.rng() * 10) * HOUR)
          : Math.floor((1 + this.rng() * 4) * DAY);
    if (this.refresher && this.policy !== 'old') {
      // powerMonitor's `suspend` (logind's PrepareForSleep for the daemon): refresh before a long night.
      const before = await this.refresher.refreshBeforeSleep();
      if (before.kind === 'refreshed') this.figures.beforeSleepRefreshes += 1;
      await this.advance(0);
      await this.afterAppWork();
    }
    this.note(`sleep ${formatDuration(ms)}`);
    this.phase = 'asleep';
    this.clock.jump(ms);
    this.phase = 'awake';
    await this.wake();
  }

  /**
   * The app hears of the wake 0-2 s after it (powerMonitor's resume; the daemon's clock-jump
   * check). Three times in ten the user runs a command soon after (exponential, mean 10 s), which
   * takes its real time (sim/wake-cli.ts) while the app's timers run.
   */
  private async wake(): Promise<void> {
    this.resumePending = true;
    const now = this.clock.now();
    this.wakeWindow = { fromMs: now, untilMs: now + 5 * MINUTE };
    const resumeInMs = Math.floor(this.rng() * 2 * SECOND);
    this.clock.setTimeout(() => {
      this.resumePending = false;
      void this.refresher?.checkNow();
    }, resumeInMs);
    if (this.rng() >= 0.3) {
      await this.advance(resumeInMs);
      await this.settle('resume');
      return;
    }
    const cliInMs = Math.floor(-Math.log(1 - this.rng()) * 10 * SECOND);
    const timing = wakeCliTiming(this.rng);
    this.note(
      `wake: a CLI command starts ${formatDuration(cliInMs)} after it (the app hears in ${resumeInMs} ms)`,
    );
    const cli = wait(this.clock, cliInMs).then(() => runWakeCli(this.wakeCliWorld(), timing));
    await this.advance(Math.max(resumeInMs, cliInMs + timing.startupMs + 3 * timing.requestMs) + SECOND);
    await this.afterWakeCli(await cli);
    await this.settle('resume');
  }

  private wakeCliWorld() {
    return {
      clock: this.clock,
      file: this.file,
      request: this.request,
      setRunning: (running: boolean) => {
        this.cliInFlight = running;
      },
      onWrite: () => {
        this.wakeCliContext =
          this.lastOutcome?.kind === 'waiting' ? 'cliSelfRefreshDuringGrace' : this.cliContext();
        this.clock.setTimeout(() => void this.refresher?.checkNow(), 50);
      },
    };
  }

  private async afterWakeCli(result: WakeCliResult): Promise<void> {
    this.figures.cliCommands += 1;
    this.figures.wakeCliCommands += 1;
    if (result.kind === 'no_refresh') {
      if (!result.read) await this.loginAgain('signed out');
      return;
    }
    this.figures.wakeCliRefreshes += 1;
    if (result.kind === 'refreshed') {
      this.figures[this.wakeCliContext] += 1;
      this.note(`wake CLI command refreshed itself: ${describe(result.read)} -> ${describe(result.written)}`);
    } else if (result.kind === 'offline') {
      this.figures.cliOfflineFailures += 1;
      this.note('wake CLI command: could not refresh (offline)');
    } else {
      this.note(`wake CLI command: refresh refused (invalid_grant) for ${describe(result.read)}`);
      this.checkNewReplays();
      this.sessionEnded(grantOf(result.read.refreshToken), 'the CLI found its session dead on waking');
      await this.loginAgain('session ended');
    }
    this.checkNewReplays();
    await this.afterAppWork();
  }

  private async offlineSpell(): Promise<void> {
    this.figures.offlineSpells += 1;
    const ms = Math.floor((2 + this.rng() * (this.rng() < 0.8 ? 60 : 600)) * MINUTE);
    this.note(`offline for ${formatDuration(ms)}`);
    this.online = false;
    const end = this.clock.now() + ms;
    // Commands still run while offline (they fail if they must refresh).
    while (this.rng() < 0.4) {
      await this.passAwake(this.clock.now() + Math.floor(this.rng() * (end - this.clock.now())));
      await this.cliCommand();
    }
    await this.passAwake(end);
    this.online = true;
    this.note('online again');
    await this.settle('network change');
  }

  private async adjustClock(): Promise<void> {
    this.figures.clockAdjustments += 1;
    const ms = Math.floor((this.rng() * 2 - 1) * 10 * MINUTE);
    this.note(`clock adjusted by ${ms >= 0 ? '+' : '-'}${formatDuration(Math.abs(ms))}`);
    this.clock.jump(ms);
    // No one tells the app: the coarse tick catches it.
    await this.advance(MINUTE + SECOND);
    await this.afterAppWork();
  }

  private async restartApp(): Promise<void> {
    this.figures.restarts += 1;
    this.note('app restarts');
    this.stopApp();
    await this.startApp();
  }

  private async quitApp(): Promise<void> {
    const ms = Math.floor((10 * MINUTE + this.rng() * 3 * DAY) / MINUTE) * MINUTE;
    this.note(`app quit for ${formatDuration(ms)} (the laptop stays on, sleeping at night)`);
    this.stopApp();
    const end = this.clock.now() + ms;
    while (this.clock.now() < end) {
      const next = this.clock.now() + Math.floor(-Math.log(1 - this.rng()) * 3 * HOUR);
      this.clock.jump(Math.min(next, end) - this.clock.now());
      if (this.clock.now() < end) await this.cliCommand();
    }
    this.figures.restarts += 1;
    this.note('app started again');
    await this.startApp();
  }

  private async orgSwitch(): Promise<void> {
    this.org = this.org === 'acme' ? 'globex' : 'acme';
    this.note(`pcc organizations select ${this.org}`);
    this.file.externalSetOrg(this.org);
    await this.settle('file change');
  }

  private async usePat(): Promise<void> {
    this.patSerial += 1;
    this.note(`pcc auth use-pat (pcc_pat_${this.patSerial})`);
    this.file.externalWrite({ token: `pcc_pat_${this.patSerial}`, refreshToken: '', tokenExpiresAt: 0 });
    await this.settle('file change');
  }

  private async logout(): Promise<void> {
    const current = this.file.peek();
    this.figures.logouts += 1;
    this.note(`pcc auth logout${current ? ` (revokes ${describe(current)})` : ''}`);
    if (current && current.refreshToken !== '') {
      const grant = grantOf(current.refreshToken);
      if (grant !== undefined) this.deliberate.add(grant);
      this.provider.revokeGrantOf(current.refreshToken);
    }
    this.file.externalDelete();
    await this.settle('file change');
  }

  private async revoke(): Promise<void> {
    const current = this.file.peek();
    if (!current || current.refreshToken === '') return;
    this.figures.revocations += 1;
    this.note(`the provider revokes ${describe(current)} (signed out everywhere)`);
    const grant = grantOf(current.refreshToken);
    if (grant !== undefined) this.deliberate.add(grant);
    this.provider.revokeGrantOf(current.refreshToken);
  }

  private loseNextResponse(): void {
    this.note('the next token response will be lost on the wire');
    this.provider.failNext('lost_response');
  }

  private async loginAgain(why: string): Promise<void> {
    this.figures.logins += 1;
    const creds = this.provider.signIn(this.org);
    this.note(`pcc auth login (${why}): ${describe(creds)}`);
    this.file.externalWrite(creds);
    await this.settle('file change');
  }

  // ---- the pcc CLI -------------------------------------------------------------------------

  /** One `pcc` command: read at start; refresh with the read token if < 60 s remain; re-read; write. */
  private async cliCommand(): Promise<void> {
    this.figures.cliCommands += 1;
    const read = this.file.peek();
    if (!read || read.refreshToken === '') {
      // Signed out or a PAT: with no session the user logs in (sometimes back to OAuth from a PAT).
      if (!read || this.rng() < 0.3) await this.loginAgain(read ? 'back from a PAT' : 'signed out');
      else this.note('pcc command with a PAT');
      return;
    }
    const nowS = this.clock.now() / 1000;
    const grant = grantOf(read.refreshToken);
    if (nowS > read.tokenExpiresAt - CLI_REFRESH_WINDOW_SECONDS) {
      const context = this.cliContext();
      let tokens: TokenSet;
      try {
        tokens = await this.request(read.refreshToken);
      } catch (error) {
        if (error instanceof RefreshFailure && error.kind === 'invalid_grant') {
          this.note(`pcc command: refresh refused (invalid_grant) for ${describe(read)}`);
          this.checkNewReplays();
          this.sessionEnded(grant, 'the CLI found its session dead');
          await this.loginAgain('session ended');
          return;
        }
        this.figures.cliOfflineFailures += 1;
        this.note(
          `pcc command: could not refresh (${error instanceof Error ? error.message : String(error)})`,
        );
        this.checkNewReplays();
        return;
      }
      const again = this.file.peek();
      const written: StoredCredentials = {
        token: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        tokenExpiresAt: tokens.expiresAt,
        ...(again?.org === undefined ? {} : { org: again.org }),
      };
      this.file.externalWrite(written);
      this.figures[context] += 1;
      this.note(`pcc command refreshed itself (${context}): ${describe(read)} -> ${describe(written)}`);
      await this.settle('file change');
      return;
    }
    if (!this.provider.isAccessTokenValid(read.token)) {
      if (grant !== undefined && this.deliberate.has(grant)) {
        this.note(`pcc command: 401 for ${describe(read)} (revoked on purpose)`);
        await this.loginAgain('after revocation');
        return;
      }
      this.sessionEnded(grant, `the CLI found a dead access token ${read.token} with time left`);
      await this.loginAgain('session ended');
      return;
    }
    this.note(`pcc command ok with ${describe(read)}`);
  }

  private cliContext(): keyof Figures {
    if (!this.refresher) return 'cliSelfRefreshAppNotRunning';
    if (this.resumePending) return 'cliSelfRefreshBeforeResume';
    if (this.lastOutcome?.kind === 'waiting') return 'cliSelfRefreshDuringGrace';
    if (!this.online || this.lastOutcome?.kind === 'failed') return 'cliSelfRefreshWhileAppBackingOff';
    return 'cliSelfRefreshWhileAppAwake';
  }

  /** The token endpoint as everyone reaches it: failing with a network error while offline. */
  private readonly request = async (refreshToken: string): Promise<TokenSet> => {
    if (!this.online) {
      this.provider.counters.refreshRequests += 1;
      throw new RefreshFailure('transient', 'The identity provider could not be reached (offline).');
    }
    return this.provider.refresh(await this.provider.discovery.get(), refreshToken, () => this.clock.now());
  };

  // ---- the app -----------------------------------------------------------------------------

  private async startApp(): Promise<void> {
    const refresher = new Refresher({
      store: this.store,
      provider: this.provider.discovery,
      lock: this.lock.run,
      clock: this.clock,
      random: this.clock.random,
      marginSeconds: marginFor(this.policy),
      grace: graceFor(this.policy, async () => this.cliInFlight),
      refresh: async (_provider: Provider, refreshToken: string) => {
        this.figures.appRequests += 1;
        if (this.online) this.figures.appRequestsOnline += 1;
        try {
          return await this.request(refreshToken);
        } catch (error) {
          if (this.online)
            this.note(
              `app's token request with ${refreshToken} failed: ${error instanceof Error ? error.message : String(error)}`,
            );
          throw error;
        }
      },
    });
    this.unsubscribe = refresher.onOutcome((outcome) => this.onOutcome(outcome));
    this.refresher = refresher;
    this.store.forget?.();
    refresher.start();
    await this.advance(0);
    this.resumePending = false;
    await this.afterAppWork();
  }

  private stopApp(): void {
    this.refresher?.stop();
    this.unsubscribe?.();
    this.refresher = undefined;
    this.unsubscribe = undefined;
    this.lastOutcome = undefined;
  }

  private onOutcome(outcome: RefreshOutcome): void {
    this.lastOutcome = outcome;
    switch (outcome.kind) {
      case 'refreshed':
        this.figures.appRefreshes += 1;
        this.note(`app refreshed -> ${describe(outcome.credentials)}`);
        break;
      case 'adopted':
        this.note(`app adopted ${describe(outcome.credentials)}`);
        break;
      case 'failed':
        this.note(
          `app refresh failed (${outcome.failure.kind}), retry in ${formatDuration((outcome.retryAtMs ?? 0) - this.clock.now())}`,
        );
        break;
      case 'expired':
        this.expired.push(outcome.credentials);
        this.note(`app: session expired (${describe(outcome.credentials)})`);
        break;
      case 'file_error':
        this.note(`app: file error ${String(outcome.error)}`);
        break;
      case 'waiting':
        this.note(`app waits for a CLI command until ${new Date(outcome.untilMs).toISOString()}`);
        break;
      case 'not_due':
      case 'no_session':
        break;
    }
  }

  /** What the shell does on resume, network change or a file change: one checkNow, then compare. */
  private async settle(why: string): Promise<void> {
    if (!this.refresher) return;
    const outcome = await this.refresher.checkNow();
    this.resumePending = false;
    if (outcome.kind === 'failed') this.lastOutcome = outcome;
    this.checkNewReplays();
    // Compared before the user reacts (signing in again after an ended session is checked on its own).
    this.checkBelief(outcome, why);
    await this.advance(0);
    await this.afterAppWork();
  }

  /** After the app did something: did it end a session? */
  private async afterAppWork(): Promise<void> {
    this.checkNewReplays();
    // Every session the app saw end (several timers may have run since the last look).
    const ended = this.expired.splice(0);
    for (const credentials of ended) {
      this.sessionEnded(grantOf(credentials.refreshToken), `the app found ${describe(credentials)} dead`);
    }
    if (ended.length > 0 && !this.file.peek()) await this.loginAgain('session ended');
  }

  // ---- invariants --------------------------------------------------------------------------

  /** A session ended: fine after a logout or a revocation; counted apart after a lost response. */
  private sessionEnded(grant: number | undefined, how: string): void {
    if (grant !== undefined && this.deliberate.has(grant)) return;
    // Counted when the provider saw the replay (checkNewReplays).
    if (grant !== undefined && this.raceGrants.has(grant)) return;
    if (grant !== undefined && this.lostGrants.has(grant)) {
      this.figures.lostResponseSignIns += 1;
      this.note(`forced sign-in after a lost response (${how})`);
      return;
    }
    this.figures.forcedSignIns += 1;
    this.fail(`forced sign-in: ${how}`);
  }

  /** Every replay the provider saw since the last look: only a lost response may cause one. */
  private checkNewReplays(): void {
    const log = this.provider.log;
    for (; this.logSeen < log.length; this.logSeen += 1) {
      const entry = log[this.logSeen];
      if (!entry) continue;
      if (entry.result === 'lost_response') {
        this.figures.lostResponses += 1;
        this.lostTokens.add(entry.refreshToken);
        const grant = grantOf(entry.refreshToken);
        if (grant !== undefined) this.lostGrants.add(grant);
        this.note(`provider rotated ${entry.refreshToken} but the answer was lost`);
      }
      if (entry.result === 'replay') {
        if (this.lostTokens.has(entry.refreshToken)) {
          this.note(`replay of ${entry.refreshToken} after its lost response: grant revoked`);
          continue;
        }
        const grant = grantOf(entry.refreshToken);
        const atWake = entry.atMs >= this.wakeWindow.fromMs && entry.atMs <= this.wakeWindow.untilMs;
        if (atWake && this.policy !== 'current' && grant !== undefined) {
          // Counted for the comparison with other policies; under the current one it is a failure.
          this.raceGrants.add(grant);
          this.figures.wakeRaceSignIns += 1;
          this.note(`wake race: ${entry.refreshToken} presented twice after a wake, grant revoked`);
          continue;
        }
        // The grant is dead: the user will have to sign in again.
        this.figures.forcedSignIns += 1;
        this.fail(`replay: ${entry.refreshToken} presented a second time, the grant was revoked`);
      }
    }
  }

  /** After the app settled, what it believes is what the file holds. */
  private checkBelief(outcome: RefreshOutcome, why: string): void {
    if (outcome.kind === 'file_error') return;
    const file = this.file.peek();
    const believed = outcome.kind === 'expired' ? undefined : outcome.credentials;
    if (!sameSession(believed, file)) {
      this.fail(
        `after ${why} the app believes ${believed ? describe(believed) : 'signed out'} (${outcome.kind}) but the file holds ${file ? describe(file) : 'nothing'}`,
      );
    }
  }

  /** After every event: the file's session is alive unless the user or the provider ended it. */
  private async check(): Promise<void> {
    this.checkNewReplays();
    const file = this.file.peek();
    if (!file || file.refreshToken === '') return;
    const grant = grantOf(file.refreshToken);
    if (this.provider.isRefreshTokenUsable(file.refreshToken)) return;
    if (grant !== undefined && (this.deliberate.has(grant) || this.lostGrants.has(grant))) return;
    if (grant !== undefined && this.raceGrants.has(grant)) return;
    this.fail(`the file holds ${describe(file)} whose refresh token no longer works`);
  }

  private fail(message: string): never {
    this.note(`INVARIANT BROKEN: ${message}`);
    throw new InvariantViolation(message);
  }

  private note(event: string): void {
    const at = new Date(this.clock.now()).toISOString().replace('.000Z', 'Z');
    const day = Math.floor((this.clock.now() - this.startMs) / DAY);
    // An offline spell's backoff retries fold into one line, so the trace keeps what led to them.
    const repeat =
      /^app refresh failed \(transient\)/.test(event) &&
      /app refresh failed \(transient\)/.test(this.trace.at(-1) ?? '');
    if (repeat) {
      this.repeats += 1;
      this.trace[this.trace.length - 1] =
        `[day ${day} ${at}] ${event} (failed ${this.repeats} times in a row)`;
      return;
    }
    this.repeats = 1;
    this.trace.push(`[day ${day} ${at}] ${event}`);
    if (this.trace.length > 4 * this.traceLength) this.trace.splice(0, this.trace.length - this.traceLength);
  }
}

function grantOf(refreshToken: string): number | undefined {
  const match = /^fake_rt_(\d+)_/.exec(refreshToken);
  return match ? Number(match[1]) : undefined;
}

function describe(creds: StoredCredentials): string {
  if (creds.refreshToken === '') return `PAT ${creds.token}`;
  return `${creds.refreshToken} (expires ${new Date(creds.tokenExpiresAt * 1000).toISOString()})`;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s}s`;
  if (s < 2 * 3600) return `${Math.round(s / 60)}m`;
  if (s < 2 * 86_400) return `${(s / 3600).toFixed(1)}h`;
  return `${(s / 86_400).toFixed(1)}d`;
}
