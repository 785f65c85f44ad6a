import { sameSession, type StoredCredentials } from '../credentials/index.js';
import type { Provider } from '../discovery/discover.js';
import type { TokenSet } from '../sign-in/exchange-code.js';
import { authMethodOf } from '../status/account-status.js';
import { CliGrace, DEFAULT_CLI_GRACE, type CliGraceOptions } from './cli-grace.js';
import type { Clock, TimerHandle } from './clock.js';
import {
  backoffDelayMs,
  DEFAULT_LIFETIME_SECONDS,
  mayRaceTheCli,
  refreshBeforeSleepDue,
  refreshMarginSeconds,
  TICK_MS,
} from './refresh-policy.js';
import { RefreshFailure, refreshTokens } from './token-refresh.js';

/** The part of the credentials store the refresher needs. */
export interface RefresherStore {
  read(): Promise<StoredCredentials | undefined>;
  writeIfUnchanged(expected: StoredCredentials, creds: StoredCredentials): Promise<boolean>;
  clearIfUnchanged(expected: StoredCredentials): Promise<boolean>;
}

export interface RefresherDependencies {
  store: RefresherStore;
  /** Cached discovery; `forget` drops the cache so the next call discovers again. */
  provider: { get(): Promise<Provider>; forget(): void };
  /** Runs a task holding the app's cross-process lock for the credentials file. */
  lock: <T>(task: () => Promise<T>) => Promise<T>;
  clock: Clock;
  random: () => number;
  /** The token request itself; a seam for simulations. */
  refresh?: (provider: Provider, refreshToken: string, nowMs: () => number) => Promise<TokenSet>;
  /** The wake grace (cli-grace.ts); default DEFAULT_CLI_GRACE without a process check. */
  grace?: CliGraceOptions;
  /** Seconds before expiry a refresh is due, by lifetime; a seam for the simulation's old policy. */
  marginSeconds?: (lifetimeSeconds: number) => number;
}

/** What a check is for: a due refresh, a forced one ("Refresh now"), or one before the machine sleeps. */
type CheckMode = 'due' | 'force' | 'sleep';

export type RefreshOutcome =
  | { kind: 'refreshed'; credentials: StoredCredentials }
  /** Someone else (the CLI, another app process) wrote newer credentials: taken as they are. */
  | { kind: 'adopted'; credentials: StoredCredentials }
  | { kind: 'not_due'; credentials: StoredCredentials }
  /** Late, with a token a CLI command may be refreshing: left to it until `untilMs` (cli-grace.ts). */
  | { kind: 'waiting'; credentials: StoredCredentials; untilMs: number }
  /** Signed out, or a personal access token (never refreshed). */
  | { kind: 'no_session'; credentials: StoredCredentials | undefined }
  /** The refresh token is dead and nobody wrote a new one: the dead credentials were removed. */
  | { kind: 'expired'; credentials: StoredCredentials }
  /** A failed request; retried no sooner than `retryAtMs` (backoff; a refusal too, at the same pace). */
  | { kind: 'failed'; failure: RefreshFailure; credentials: StoredCredentials; retryAtMs: number | undefined }
  /** The file could not be used (unparseable, unreadable, locked): nothing was written; checked again later. */
  | { kind: 'file_error'; error: unknown };

/**
 * Keeps one credentials file's OAuth session fresh (docs/refresh-protocol.md):
 * refresh early, under the app's lock, after re-reading the file; adopt what others wrote;
 * compare-and-swap the result; back off on failures. One refresh at a time per process.
 */
export class Refresher {
  private inFlight: Promise<RefreshOutcome> | undefined;
  /** Rotated tokens the file has not taken yet, and the credentials they replace. */
  private unsaved: { base: StoredCredentials; next: StoredCredentials } | undefined;
  private lastSeen: StoredCredentials | undefined;
  /** When this session was first seen: the app cannot have been late before that. */
  private firstSeenMs = 0;
  private lifetimeSeconds: number | undefined;
  private failures = 0;
  private retryAtMs: number | undefined;
  private waitingUntilMs: number | undefined;
  private readonly grace: CliGrace;
  private timer: TimerHandle | undefined;
  private running = false;
  /** The last attempt could not use the file: look again when it changes (or on the tick), not at once. */
  private waitingForFile = false;
  private readonly listeners = new Set<(outcome: RefreshOutcome) => void>();

  constructor(private readonly deps: RefresherDependencies) {
    this.grace = new CliGrace(deps.grace ?? DEFAULT_CLI_GRACE);
  }

  /** Every outcome, whoever caused it (timer, checkNow, refreshNow). */
  onOutcome(listener: (outcome: RefreshOutcome) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    this.running = true;
    void this.checkNow();
  }

  stop(): void {
    this.running = false;
    if (this.timer) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** When the next refresh is due, for display; undefined without an OAuth session. */
  get nextRefreshAtMs(): number | undefined {
    if (this.retryAtMs !== undefined) return this.retryAtMs;
    if (this.waitingUntilMs !== undefined) return this.waitingUntilMs;
    return this.lastSeen && isOAuth(this.lastSeen) ? this.dueAt(this.lastSeen) : undefined;
  }

  /**
   * The shells call this on wake from sleep, on network change, and when the file changed; the
   * timer calls it too. Refreshes if due (and not backing off), then plans the next check.
   */
  checkNow(): Promise<RefreshOutcome> {
    return this.check('due');
  }

  /**
   * The machine is about to sleep: refresh now if the token would not outlive a long night
   * (refreshBeforeSleepDue), so the first command after waking finds a valid token.
   */
  async refreshBeforeSleep(): Promise<RefreshOutcome> {
    // A check already running may decide "not due": then this one still looks, after it.
    const running = this.inFlight && (await this.inFlight);
    if (running && running.kind !== 'not_due') return running;
    return this.check('sleep');
  }

  private async check(mode: 'due' | 'sleep'): Promise<RefreshOutcome> {
    try {
      const current = await this.deps.store.read().catch(() => this.lastSeen);
      if (!sameSession(current, this.lastSeen)) this.resetBackoff();
      const retryAtMs = this.retryAtMs;
      if (current && retryAtMs !== undefined && this.deps.clock.now() < retryAtMs) {
        // At most one request per backoff step, whoever asks.
        const failure = new RefreshFailure('transient', 'Waiting before the next try.');
        return { kind: 'failed', failure, credentials: current, retryAtMs };
      }
      return await this.refresh(mode);
    } finally {
      this.schedule();
    }
  }

  /** Refreshes now even if not due (the "Refresh now" menu item, `pipecat-tray refresh`). */
  async refreshNow(): Promise<RefreshOutcome> {
    this.resetBackoff();
    try {
      // A check already running may decide "not due": then this one still refreshes, after it.
      const running = this.inFlight && (await this.inFlight);
      // Asked for by the user: not held back by the wake grace either.
      if (running && running.kind !== 'not_due' && running.kind !== 'waiting') return running;
      return await this.refresh('force');
    } finally {
      this.schedule();
    }
  }

  /**
   * Refreshes only if the access token the file holds (re-read under the lock) expires within
   * `minValidMs` or is due anyway: many callers at once make one request, the others adopt it.
   */
  async ensureValidFor(minValidMs: number): Promise<RefreshOutcome> {
    const running = this.inFlight && (await this.inFlight);
    if (running && validFor(running, this.deps.clock.now()) >= minValidMs) return running;
    return this.refresh('due', minValidMs);
  }

  private refresh(mode: CheckMode, minValidMs = 0): Promise<RefreshOutcome> {
    this.inFlight ??= this.deps
      .lock(() => this.refreshUnderLock(mode, minValidMs))
      .catch((error: unknown): RefreshOutcome => ({ kind: 'file_error', error }))
      .then((outcome) => {
        this.waitingForFile = outcome.kind === 'file_error';
        this.waitingUntilMs = outcome.kind === 'waiting' ? outcome.untilMs : undefined;
        // A retry time is only for a refresh still due: a passed one, after a failed early refresh
        // (before sleep, "Refresh now") or once the grace holds it, would re-arm a 0 ms timer.
        if (outcome.kind === 'waiting') this.retryAtMs = undefined;
        if (outcome.kind === 'not_due' || outcome.kind === 'adopted') this.resetBackoff();
        this.emit(outcome);
        return outcome;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  private async refreshUnderLock(mode: CheckMode, minValidMs: number): Promise<RefreshOutcome> {
    const current = await this.deps.store.read();
    if (!current || !isOAuth(current)) {
      this.observe(current);
      return { kind: 'no_session', credentials: current };
    }
    if (this.unsaved && sameSession(current, this.unsaved.base)) return this.save(current, this.unsaved.next);
    const adopted = this.lastSeen !== undefined && !sameSession(current, this.lastSeen);
    this.observe(current);
    const now = this.deps.clock.now();
    const dueAt = Math.min(this.dueAt(current), current.tokenExpiresAt * 1000 - minValidMs);
    const due =
      mode === 'force' ||
      now >= dueAt ||
      (mode === 'sleep' && refreshBeforeSleepDue(current.tokenExpiresAt, this.lifetime(), now));
    if (!due) return { kind: adopted ? 'adopted' : 'not_due', credentials: current };
    // Late means due while the app already knew the token (it slept, was frozen or offline); one
    // found already due at start or in a new file is refreshed at once, as the app starts first.
    const late = mayRaceTheCli(current.tokenExpiresAt, Math.max(dueAt, this.firstSeenMs), now);
    if (mode !== 'force' && late) {
      const untilMs = await this.grace.holdUntil(current.refreshToken, now);
      if (untilMs !== undefined) return { kind: 'waiting', credentials: current, untilMs };
    }
    return this.rotate(current);
  }

  /** The token request with the file's refresh token, then the compare-and-swap write. */
  private async rotate(current: StoredCredentials): Promise<RefreshOutcome> {
    let tokens: TokenSet;
    try {
      tokens = await this.requestTokens(current.refreshToken);
    } catch (error) {
      const failure =
        error instanceof RefreshFailure
          ? error
          : new RefreshFailure('transient', error instanceof Error ? error.message : String(error), {
              cause: error,
            });
      if (failure.kind === 'invalid_grant') return this.afterInvalidGrant(current);
      return this.afterFailure(failure, current);
    }
    const next: StoredCredentials = {
      token: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      tokenExpiresAt: tokens.expiresAt,
    };
    return this.save(current, next);
  }

  /**
   * Writes freshly rotated tokens. The provider has already killed `current`'s refresh token, so
   * if the write fails (disk full, a folder made read-only) the new tokens are kept in memory and
   * written on the next check instead of replaying the dead token, which would revoke the grant.
   */
  private async save(current: StoredCredentials, next: StoredCredentials): Promise<RefreshOutcome> {
    let wrote: boolean;
    try {
      wrote = await this.deps.store.writeIfUnchanged(current, next);
    } catch (error) {
      this.unsaved = { base: current, next };
      return { kind: 'file_error', error };
    }
    this.unsaved = undefined;
    if (!wrote) {
      // The file changed while we asked (a CLI login or logout): theirs wins, ours is dropped.
      const theirs = await this.deps.store.read();
      this.observe(theirs);
      return theirs && isOAuth(theirs)
        ? { kind: 'adopted', credentials: theirs }
        : { kind: 'no_session', credentials: theirs };
    }
    const written = { ...next, ...(current.org ? { org: current.org } : {}) };
    this.lifetimeSeconds = next.tokenExpiresAt - this.deps.clock.now() / 1000;
    this.resetBackoff();
    this.observe(written);
    return { kind: 'refreshed', credentials: written };
  }

  private async requestTokens(refreshToken: string): Promise<TokenSet> {
    const refresh = this.deps.refresh ?? refreshTokens;
    const now = (): number => this.deps.clock.now();
    try {
      return await refresh(await this.deps.provider.get(), refreshToken, now);
    } catch (error) {
      if (!(error instanceof RefreshFailure) || error.kind !== 'endpoint_changed') throw error;
      // The provider moved its endpoints: discover once more, then try once more.
      this.deps.provider.forget();
      return refresh(await this.deps.provider.get(), refreshToken, now);
    }
  }

  private async afterInvalidGrant(current: StoredCredentials): Promise<RefreshOutcome> {
    // Whatever follows, the earlier failures are over: a stale retry time would spin the timer.
    this.resetBackoff();
    // Someone may have rotated the token just before us: if the file now holds another one, use it.
    const again = await this.deps.store.read();
    if (again && isOAuth(again) && again.refreshToken !== current.refreshToken) {
      this.observe(again);
      return { kind: 'adopted', credentials: again };
    }
    if (!again || !isOAuth(again)) {
      // Signed out (a CLI logout revokes the grant too) or a personal access token stored meanwhile:
      // no session of ours ended, and there is nothing to clear.
      this.observe(again);
      return { kind: 'no_session', credentials: again };
    }
    await this.deps.store.clearIfUnchanged(current);
    this.observe(undefined);
    return { kind: 'expired', credentials: current };
  }

  private afterFailure(failure: RefreshFailure, current: StoredCredentials): RefreshOutcome {
    // Every failure backs off: a refusal asked again at once (the token is due) would spin the timer.
    this.failures += 1;
    this.retryAtMs = this.deps.clock.now() + backoffDelayMs(this.failures, this.deps.random);
    return { kind: 'failed', failure, credentials: current, retryAtMs: this.retryAtMs };
  }

  private observe(credentials: StoredCredentials | undefined): void {
    if (!sameSession(credentials, this.lastSeen)) this.firstSeenMs = this.deps.clock.now();
    if (credentials && isOAuth(credentials) && !sameSession(credentials, this.lastSeen)) {
      // A token we did not fetch: its lifetime is at least what is left of it. Before we have
      // fetched one ourselves, assume the usual day: a token found with minutes left is then due
      // at once, not at half of what is left, which could fall inside the CLI's last 60 s.
      const left = credentials.tokenExpiresAt - this.deps.clock.now() / 1000;
      this.lifetimeSeconds = Math.max(this.lifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS, left);
    }
    this.lastSeen = credentials;
  }

  private dueAt(credentials: StoredCredentials): number {
    const margin = (this.deps.marginSeconds ?? refreshMarginSeconds)(this.lifetime());
    return (credentials.tokenExpiresAt - margin) * 1000;
  }

  private lifetime(): number {
    return this.lifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS;
  }

  private resetBackoff(): void {
    this.failures = 0;
    this.retryAtMs = undefined;
  }

  private schedule(): void {
    if (!this.running) return;
    if (this.timer) this.deps.clock.clearTimeout(this.timer);
    const now = this.deps.clock.now();
    // A broken file is not retried in a loop: the session calls checkNow when it changes.
    const wakeAt = (this.waitingForFile ? undefined : this.nextRefreshAtMs) ?? now + TICK_MS;
    // One timer, never longer than the coarse tick: it also catches sleep and clock jumps.
    const delay = Math.min(Math.max(0, wakeAt - now), TICK_MS);
    this.timer = this.deps.clock.setTimeout(() => void this.checkNow(), delay);
  }

  private emit(outcome: RefreshOutcome): void {
    for (const listener of this.listeners) listener(outcome);
  }
}

/** How long the access token an outcome left in the file stays valid; 0 when there is none. */
function validFor(outcome: RefreshOutcome, nowMs: number): number {
  const fresh = outcome.kind === 'refreshed' || outcome.kind === 'adopted' || outcome.kind === 'not_due';
  return fresh ? outcome.credentials.tokenExpiresAt * 1000 - nowMs : 0;
}

function isOAuth(credentials: StoredCredentials): boolean {
  return authMethodOf(credentials) === 'oauth' && credentials.refreshToken !== '';
}
