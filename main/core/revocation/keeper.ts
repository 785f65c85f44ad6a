import { LOGOUT_TIMEOUT_MS } from '../api/logout.js';
import type { StoredCredentials } from '../credentials/index.js';
import type { Clock, TimerHandle } from '../session/clock.js';
import { memoryRevocationStore, type PendingRevocationStore } from './pending-store.js';
import { revocationRetryDelayMs } from './retry-delay.js';
import type { RevocationAnswer, RevokeOptions, SessionToRevoke } from './revoke-session.js';

/** What happened to one try, for a log line: never a token. */
export interface RevocationReport {
  apiHost: string;
  outcome: 'revoked' | 'already_ended' | 'service_down' | 'unreachable' | 'not_confirmed';
  /** The HTTP status of a `not_confirmed` answer. */
  status?: number;
  /** When the next try is; undefined once the revocation is settled. */
  retryAtMs?: number;
}

export interface RevocationKeeperOptions {
  /** One try (revokeSession for the session's host); it never throws. */
  attempt(session: SessionToRevoke, options: RevokeOptions): Promise<RevocationAnswer>;
  clock: Clock;
  random: () => number;
  store?: PendingRevocationStore;
  onReport?(report: RevocationReport): void;
}

type Settled = Exclude<RevocationAnswer, { kind: 'not_revoked' }>;

interface Entry {
  /** The refresh token the session was signed out with: the key, even after a try rotated it. */
  readonly key: string;
  session: SessionToRevoke;
  /** Signed out by another program (revokeLater), not by us. */
  readonly elsewhere: boolean;
  failures: number;
  timer?: TimerHandle | undefined;
  running?: Promise<RevocationAnswer> | undefined;
}

/**
 * How long a session another program signed out of is left to that program before this app tries
 * to revoke it: longer than that program's own `/auth/logout` may take, so the two do not race.
 */
export const SIGNED_OUT_ELSEWHERE_GRACE_MS = LOGOUT_TIMEOUT_MS + 5_000;

/** The session a file's credentials hold, to revoke at `apiHost`. */
export function sessionToRevoke(apiHost: string, credentials: StoredCredentials): SessionToRevoke {
  return { apiHost, accessToken: credentials.token, refreshToken: credentials.refreshToken };
}

/** How many settled sessions are remembered, so a late notice of one does not start it again. */
const REMEMBERED = 32;

/**
 * Keeps revoking sessions that were signed out on this machine until the identity provider
 * confirms it (or says the session had already ended): the tray and the daemon run one. The
 * tokens live in memory (or in `store`, the keychain seam) and nowhere else, and are forgotten as
 * soon as the revocation is settled. Tries back off (revocationRetryDelayMs) on the injected clock.
 */
export class RevocationKeeper {
  private readonly entries = new Map<string, Entry>();
  private readonly settled = new Map<string, Settled>();
  private readonly store: PendingRevocationStore;
  private stopped = false;

  constructor(private readonly options: RevocationKeeperOptions) {
    this.store = options.store ?? memoryRevocationStore();
  }

  /** Sessions the store kept from an earlier run (none in memory) are tried again now. */
  async start(): Promise<void> {
    for (const session of await this.store.load()) {
      if (!this.entries.has(session.refreshToken)) this.schedule(this.add(session, false), 0);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const entry of this.entries.values()) this.cancelTimer(entry);
  }

  /** How many sessions still wait for their revocation. */
  get pendingCount(): number {
    return this.entries.size;
  }

  /**
   * Signed out here: tries now and resolves with that first answer; a session it did not revoke is
   * tried again in the background until it is.
   */
  revokeNow(session: SessionToRevoke): Promise<RevocationAnswer> {
    const done = this.settled.get(session.refreshToken);
    if (done) return Promise.resolve(done);
    return this.run(this.entries.get(session.refreshToken) ?? this.add(session, false));
  }

  /**
   * A session another program signed out of (it left the file): tried after `graceMs`, which
   * leaves that program the time to revoke it itself, then until it is revoked.
   */
  revokeLater(session: SessionToRevoke, graceMs: number): void {
    const key = session.refreshToken;
    if (this.settled.has(key) || this.entries.has(key)) return;
    this.schedule(this.add(session, true), graceMs);
  }

  private add(session: SessionToRevoke, elsewhere: boolean): Entry {
    const entry: Entry = { key: session.refreshToken, session: { ...session }, elsewhere, failures: 0 };
    this.entries.set(entry.key, entry);
    this.persist();
    return entry;
  }

  private run(entry: Entry): Promise<RevocationAnswer> {
    if (entry.running) return entry.running;
    this.cancelTimer(entry);
    // The first try at a session signed out elsewhere takes a refused access token as "already
    // revoked by that program", so a `pcc auth logout` costs one request, not a refresh as well.
    const askProviderIfRefused = !(entry.elsewhere && entry.failures === 0);
    const running = this.options
      .attempt(entry.session, { askProviderIfRefused })
      .catch((): RevocationAnswer => {
        const why = { kind: 'unreachable', reason: 'network' } as const;
        return { kind: 'not_revoked', why, session: entry.session };
      })
      .then((answer) => {
        entry.running = undefined;
        this.afterTry(entry, answer);
        return answer;
      });
    entry.running = running;
    return running;
  }

  private afterTry(entry: Entry, answer: RevocationAnswer): void {
    if (answer.kind !== 'not_revoked') {
      this.entries.delete(entry.key);
      this.remember(entry.key, answer);
      this.persist();
      this.options.onReport?.({ apiHost: entry.session.apiHost, outcome: answer.kind });
      return;
    }
    entry.session = answer.session;
    entry.failures += 1;
    const delayMs = revocationRetryDelayMs(entry.failures, this.options.random);
    this.persist();
    const status = answer.why.kind === 'unreachable' ? {} : { status: answer.why.status };
    const retryAtMs = this.options.clock.now() + delayMs;
    this.options.onReport?.({
      apiHost: entry.session.apiHost,
      outcome: answer.why.kind,
      ...status,
      retryAtMs,
    });
    this.schedule(entry, delayMs);
  }

  private schedule(entry: Entry, delayMs: number): void {
    if (this.stopped) return;
    this.cancelTimer(entry);
    entry.timer = this.options.clock.setTimeout(() => {
      entry.timer = undefined;
      void this.run(entry);
    }, delayMs);
  }

  private cancelTimer(entry: Entry): void {
    if (entry.timer) this.options.clock.clearTimeout(entry.timer);
    entry.timer = undefined;
  }

  private remember(key: string, answer: Settled): void {
    if (this.settled.size >= REMEMBERED) this.settled.delete(this.settled.keys().next().value ?? '');
    this.settled.set(key, answer);
  }

  private persist(): void {
    const pending = [...this.entries.values()].map((entry) => entry.session);
    // Best effort: a store that fails (a locked keychain) still leaves the retries in memory.
    this.store.save(pending).catch(() => undefined);
  }
}
