import { DEFAULT_API_HOST } from './api-host.js';
import { hostEntry, type HostEntry } from './host-entry.js';
import { holdsToken } from './holds-token.js';
import { listOurTempFiles, readPrivateFile, removeLeftoverTempFiles, writePrivateFile } from './file-io.js';
import {
  readHostCredentials,
  readHostOrg,
  removeHostCredentials,
  setHostCredentials,
  setHostOrg,
  topLevelTokenToCheck,
  type TopLevelOwnership,
} from './layout.js';
import { newTable, parseToml, stringifyToml, type TomlTable } from './toml-codec.js';
import { serialPerFile } from '../lock/in-process.js';
import type { StoredCredentials } from './types.js';
import { assertCanWrite } from './writable.js';

export interface CredentialsStoreOptions {
  /** The shared credentials file, usually defaultCredentialsPath(process.env, os.homedir()). */
  path: string;
  /** The API host whose credentials this store reads and writes (normalised here). */
  apiHost: string;
  /**
   * PIPECAT_API_HOST as the CLI on this machine has it, if set. When it names `apiHost`, that exact
   * string keys the host's `[environments]` table, as in the CLI's multi-environment layout
   * (see HostEntry).
   */
  cliApiHost?: string | undefined;
  /** Wraps every read-modify-write, e.g. in the app's cross-process lock file. */
  lock?: <T>(task: () => Promise<T>) => Promise<T>;
  /**
   * For a host other than the default: asks the host whether it accepts a top-level token that is
   * not its table's copy (true / false; undefined when it cannot tell now). The CLI (1.4.0) writes
   * the top level for whatever host it is pointed at, so without this its login, use-pat and
   * refreshes for this host stay invisible and the app would replay a refresh token the CLI has
   * already rotated. Without it the store never takes the top level for such a host.
   */
  checkTopLevelToken?: (token: string) => Promise<boolean | undefined>;
}

/** Tokens remembered (verdicts, copies); a few suffice (one file, a token changes at most every refresh). */
const MAX_REMEMBERED = 16;

/**
 * The app's view of the CLI's credentials file for one API host. Every change re-reads the file
 * and rewrites it with only the app's keys for that host changed, so keys and tables the CLI (or
 * anyone) added survive. Errors meant for the user are UserFacingErrors naming the file.
 */
export class CredentialsStore {
  readonly path: string;
  readonly apiHost: string;

  private readonly host: HostEntry;
  private readonly lock: <T>(task: () => Promise<T>) => Promise<T>;
  private readonly checkTopLevelToken: ((token: string) => Promise<boolean | undefined>) | undefined;
  private readonly verdicts = new Map<string, boolean>();
  private readonly checking = new Map<string, Promise<void>>();
  /**
   * Tokens this store put at the top level as its host's copy. Found there next to a table that
   * moved on, such a token is the app's stale copy (a CLI that keeps per-host tables refreshed the
   * table), never the CLI's newer write: taking it would replay a rotated refresh token.
   */
  private readonly copiesAtTop = new Set<string>();
  /** Whether the top level (not this host's copy) belongs to this host, from the remembered verdicts. */
  private readonly owns: TopLevelOwnership = (top) =>
    this.verdicts.get(top.token) === true && !this.copiesAtTop.has(top.token);

  constructor(options: CredentialsStoreOptions) {
    this.path = options.path;
    this.host = hostEntry(options.apiHost, options.cliApiHost);
    this.apiHost = this.host.host;
    this.lock = options.lock ?? ((task) => task());
    this.checkTopLevelToken = options.checkTopLevelToken;
  }

  /**
   * This host's credentials, or undefined when the file or the credentials are missing. Repairs a
   * group/other-accessible file holding a token to 0600, once it parsed (see readPrivateFile). Throws `credentials_unparseable` for a file that is not
   * TOML and `credentials_invalid` when a credential key has the wrong type.
   */
  async read(): Promise<StoredCredentials | undefined> {
    const doc = await this.load();
    if (!doc) return undefined;
    await this.judgeTopLevel(doc);
    return readHostCredentials(doc, this.host, this.path, this.owns);
  }

  /** This host's active org, signed in or not (a sign-out keeps it); undefined when none is set. */
  async readOrg(): Promise<string | undefined> {
    const doc = await this.load();
    if (!doc) return undefined;
    await this.judgeTopLevel(doc);
    return readHostOrg(doc, this.host, this.path, this.owns);
  }

  /** Stores credentials for this host (and `org`, if given, with its table). */
  async write(creds: StoredCredentials): Promise<void> {
    await this.update((doc) => this.setCredentials(doc, creds));
  }

  /**
   * Compare-and-swap: stores `creds` only if this host's credentials in the file are still
   * `expected` (same token and refresh token), re-read just before the write. Returns whether it
   * wrote; false means someone else (the CLI, another app process) changed them meanwhile.
   */
  writeIfUnchanged(expected: StoredCredentials, creds: StoredCredentials): Promise<boolean> {
    return this.updateIfUnchanged(expected, (doc) => this.setCredentials(doc, creds));
  }

  /** Like clear(), but only while the file still holds `expected`; returns whether it cleared. */
  clearIfUnchanged(expected: StoredCredentials): Promise<boolean> {
    return this.updateIfUnchanged(expected, (doc) =>
      removeHostCredentials(doc, this.host, this.path, this.owns),
    );
  }

  /** Removes this host's token, refresh token and expiry; `org`, org tables and the rest stay. */
  async clear(): Promise<void> {
    await this.update((doc) => removeHostCredentials(doc, this.host, this.path, this.owns));
  }

  /** Makes `org` the active org for this host, adding an empty `[org]` table if absent (as the CLI). */
  async setOrg(org: string): Promise<void> {
    await this.update((doc) => {
      setHostOrg(doc, this.host, org, this.path, this.owns);
      return true;
    });
  }

  /**
   * Removes temp files that an interrupted write of ours left next to the file (they hold
   * credentials), behind the lock so that no write of ours is in progress. Returns how many. The
   * lock is taken even when there are none: a process's first lock in the folder also clears what
   * killed runs of the app left there. A start creates no folder.
   */
  async removeLeftoverTempFiles(): Promise<number> {
    if ((await listOurTempFiles(this.path)) === undefined) return 0;
    return this.lock(() => serialPerFile(this.path, () => removeLeftoverTempFiles(this.path)));
  }

  /** Preflight before a sign-in: the file (if any) parses and its folder can be written. */
  async checkWritable(): Promise<void> {
    await this.load();
    await assertCanWrite(this.path);
  }

  private async load(): Promise<TomlTable | undefined> {
    return readPrivateFile(this.path, (text) => parseToml(text, this.path), holdsToken);
  }

  /**
   * The one read-modify-write of the file; nothing else writes it. Serialised within the process;
   * the lock file (for other processes) and the compare-and-swap re-read belong around this body.
   * `change` edits the freshly read document and says whether anything changed; a file that does
   * not parse is never written.
   */
  private update(change: (doc: TomlTable) => boolean): Promise<void> {
    // The cross-process lock goes outside the in-process queue: a task already holding the lock
    // (the refresher) must never wait in the queue behind one that is waiting for the lock.
    return this.lock(() =>
      serialPerFile(this.path, async () => {
        const doc = (await this.load()) ?? newTable();
        await this.judgeTopLevel(doc);
        if (!change(doc)) return;
        await writePrivateFile(this.path, stringifyToml(doc));
      }),
    );
  }

  /** update(), only while this host's session in the file is still `expected`; whether it changed. */
  private async updateIfUnchanged(
    expected: StoredCredentials,
    change: (doc: TomlTable) => boolean,
  ): Promise<boolean> {
    let changed = false;
    await this.update((doc) => {
      if (!sameSession(readHostCredentials(doc, this.host, this.path, this.owns), expected)) return false;
      changed = change(doc);
      return changed;
    });
    return changed;
  }

  /**
   * Asks the host, once per token, whether the top level's token (when it is not this host's own
   * copy) is its own; the verdict then steers readHostCredentials and the writes (`owns`).
   */
  private async judgeTopLevel(doc: TomlTable): Promise<void> {
    const check = this.checkTopLevelToken;
    if (!check) return;
    const token = topLevelTokenToCheck(doc, this.host, this.path);
    if (token === undefined || this.verdicts.has(token) || this.copiesAtTop.has(token)) return;
    let pending = this.checking.get(token);
    if (!pending) {
      pending = check(token)
        .then(
          (verdict) => {
            if (verdict === undefined) return;
            this.verdicts.set(token, verdict);
            forgetOldest(this.verdicts);
          },
          () => undefined,
        )
        .finally(() => this.checking.delete(token));
      this.checking.set(token, pending);
    }
    await pending;
  }

  /** Sets this host's credentials in `doc`, noting a top-level copy made for a non-default host. */
  private setCredentials(doc: TomlTable, creds: StoredCredentials): true {
    setHostCredentials(doc, this.host, creds, this.path, this.owns);
    if (this.host.host !== DEFAULT_API_HOST && doc['token'] === creds.token) {
      this.copiesAtTop.add(creds.token);
      forgetOldest(this.copiesAtTop);
    }
    return true;
  }
}

/** Keeps a remembered set or map of tokens to its last MAX_REMEMBERED entries. */
function forgetOldest(remembered: Set<string> | Map<string, boolean>): void {
  const oldest = remembered.keys().next();
  if (remembered.size > MAX_REMEMBERED && !oldest.done) remembered.delete(oldest.value);
}

/** The same session: the same access token and refresh token (org and expiry may differ). */
export function sameSession(a: StoredCredentials | undefined, b: StoredCredentials | undefined): boolean {
  if (!a || !b) return a === b;
  return a.token === b.token && a.refreshToken === b.refreshToken;
}
