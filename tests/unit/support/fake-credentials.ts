/**
 * An in-memory credentials file for one API host, behaving like CredentialsStore where the
 * refresher and the session can tell: `read` returns undefined when there is no token,
 * `writeIfUnchanged` / `clearIfUnchanged` compare the session (token + refresh token) at the
 * moment of the write, clearing keeps `org`, and a file that does not parse is never written.
 * The `external*` helpers are the other writers (the `pcc` CLI, another app process, the user).
 */
import {
  DEFAULT_API_HOST,
  sameSession,
  type StoredCredentials,
} from '../../../main/core/credentials/index.js';
import { UserFacingError } from '../../../main/core/errors.js';
import type { Clock, TimerHandle } from '../../../main/core/session/clock.js';
import type { RefresherStore } from '../../../main/core/session/refresher.js';
import type { SessionStore } from '../../../main/core/session/session.js';

export const FAKE_CONFIG_PATH = '/virtual/home/.config/pipecatcloud/pipecatcloud.toml';
/** watchCredentialsFile's settle time: it reports a change this long after the last event. */
export const WATCH_SETTLE_MS = 50;

interface FileContents {
  token?: string;
  refreshToken?: string;
  tokenExpiresAt?: number;
  org?: string;
}

export class FakeCredentialsStore implements RefresherStore, SessionStore {
  readonly path = FAKE_CONFIG_PATH;
  readonly apiHost = DEFAULT_API_HOST;
  readonly counters = { reads: 0, writes: 0, refusedWrites: 0, clears: 0, refusedClears: 0 };

  /** undefined: there is no file. */
  private file: FileContents | undefined;
  /** Set while the file cannot be read or parsed: every read (and write) throws it. */
  private broken: Error | undefined;
  private readonly watchers = new Set<() => void>();
  private readonly clock: Clock | undefined;
  private settle: TimerHandle | undefined;

  /**
   * With a clock, watchers hear of a change WATCH_SETTLE_MS after the last one, as from
   * watchCredentialsFile; without one, right after the change (a microtask later).
   */
  constructor(initial?: StoredCredentials, options: { clock?: Clock } = {}) {
    if (initial) this.file = { ...initial };
    this.clock = options.clock;
  }

  async read(): Promise<StoredCredentials | undefined> {
    this.counters.reads += 1;
    if (this.broken) throw this.broken;
    return this.peek();
  }

  async writeIfUnchanged(expected: StoredCredentials, creds: StoredCredentials): Promise<boolean> {
    if (this.broken) throw this.broken;
    if (!sameSession(this.peek(), expected)) {
      this.counters.refusedWrites += 1;
      return false;
    }
    this.counters.writes += 1;
    this.setCredentials(creds);
    return true;
  }

  async clearIfUnchanged(expected: StoredCredentials): Promise<boolean> {
    if (this.broken) throw this.broken;
    if (!this.file || !sameSession(this.peek(), expected)) {
      this.counters.refusedClears += 1;
      return false;
    }
    this.counters.clears += 1;
    this.file = this.file.org === undefined ? {} : { org: this.file.org };
    this.changed();
    return true;
  }

  /** Like watchCredentialsFile: called after every change to the file, whoever made it. */
  watch(onChange: () => void): () => void {
    this.watchers.add(onChange);
    return () => this.watchers.delete(onChange);
  }

  /** What the file holds now, without counting a read (undefined when broken or without a token). */
  peek(): StoredCredentials | undefined {
    const file = this.broken ? undefined : this.file;
    if (!file?.token) return undefined;
    const creds: StoredCredentials = {
      token: file.token,
      refreshToken: file.refreshToken ?? '',
      tokenExpiresAt: file.tokenExpiresAt ?? 0,
    };
    return file.org === undefined ? creds : { ...creds, org: file.org };
  }

  /** Another program writes credentials (a CLI login or refresh, `use-pat`); fixes a broken file. */
  externalWrite(creds: StoredCredentials): void {
    this.broken = undefined;
    this.setCredentials(creds);
  }

  /** `pcc organizations select`: only `org` changes. */
  externalSetOrg(org: string): void {
    this.file = { ...this.file, org };
    this.changed();
  }

  /** `pcc auth logout` deletes the whole file. */
  externalDelete(): void {
    this.broken = undefined;
    this.file = undefined;
    this.changed();
  }

  /** Someone saved a file that is not TOML: reads throw like CredentialsStore's, nothing is written. */
  externalCorrupt(): void {
    this.broken = new UserFacingError(
      `${this.path} is not valid TOML (line 1, column 7: unexpected character); fix or remove it and try again.`,
      'credentials_unparseable',
    );
    this.changed();
  }

  /** Reads and writes fail with `error` (unreadable file, I/O error) until `repair()`. */
  failWith(error: Error): void {
    this.broken = error;
  }

  /** The file parses again, with what it held before it broke. */
  repair(): void {
    this.broken = undefined;
    this.changed();
  }

  private setCredentials(creds: StoredCredentials): void {
    // Like setHostCredentials: the token keys are replaced; org only when one is given.
    const org = creds.org ?? this.file?.org;
    this.file = {
      token: creds.token,
      refreshToken: creds.refreshToken,
      tokenExpiresAt: creds.tokenExpiresAt,
      ...(org === undefined ? {} : { org }),
    };
    this.changed();
  }

  private changed(): void {
    const notify = (): void => {
      this.settle = undefined;
      for (const watcher of [...this.watchers]) watcher();
    };
    // A folder watcher reports after the write, never inside it.
    if (!this.clock) {
      queueMicrotask(notify);
      return;
    }
    if (this.settle) this.clock.clearTimeout(this.settle);
    this.settle = this.clock.setTimeout(notify, WATCH_SETTLE_MS);
  }
}

/** A cross-process lock stand-in: one holder at a time, in order; counts acquisitions. */
export class FakeLock {
  acquisitions = 0;
  private tail: Promise<unknown> = Promise.resolve();
  private holding = false;

  readonly run = <T>(task: () => Promise<T>): Promise<T> => {
    const result = this.tail.then(async () => {
      this.acquisitions += 1;
      this.holding = true;
      try {
        return await task();
      } finally {
        this.holding = false;
      }
    });
    this.tail = result.catch(() => undefined);
    return result;
  };

  get held(): boolean {
    return this.holding;
  }
}
