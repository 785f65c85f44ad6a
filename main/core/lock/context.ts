import { createHash } from 'node:crypto';
import { readOwner, type LockOwner } from './owner.js';
import type { LockSeams } from './seams.js';

/** A lock folder (or a tombstone) as found: its recorded owner and its last modification. */
export interface Holder {
  owner: LockOwner | undefined;
  mtimeMs: number;
}

/**
 * A lock folder without an owner file: its holder died between the mkdir and writing the file (or
 * is frozen right there, which this grace makes unlikely to matter). Older than this, it is abandoned.
 */
const OWNERLESS_GRACE_MS = 2_000;

/** A short, stable stand-in for the host name in ticket names. */
export function hostTagOf(host: string): string {
  return createHash('sha256').update(host).digest('hex').slice(0, 8);
}

/** One process's view of the locks: its seams, its live acquisitions, and how it judges others. */
export class LockContext {
  /** Nonces of this process's acquisitions in progress or held; its own pid with another nonce is a previous life. */
  readonly live = new Set<string>();
  /** Folders whose litter this process has swept (at its first lock there). */
  readonly swept = new Set<string>();
  readonly hostTag: string;

  constructor(readonly seams: LockSeams) {
    this.hostTag = hostTagOf(seams.host);
  }

  now(): number {
    return this.seams.clock.now();
  }

  nonce(): string {
    const part = (): string =>
      Math.floor(this.seams.random() * 36 ** 6)
        .toString(36)
        .padStart(6, '0');
    return part() + part();
  }

  /** Dead for sure: on this machine, and no such process (or our own pid, but none of our acquisitions). */
  isDead(pid: number, onThisHost: boolean, nonce: string): boolean {
    if (!onThisHost) return false;
    if (pid === this.seams.pid) return !this.live.has(nonce);
    return !this.seams.isProcessAlive(pid);
  }

  /** The lock folder at `lockPath`, or undefined once it is gone. */
  async inspect(lockPath: string): Promise<Holder | undefined> {
    const owner = await readOwner(this.seams.fs, lockPath);
    const mtimeMs = await this.seams.fs.mtimeMs(lockPath).catch(() => undefined);
    return mtimeMs === undefined ? undefined : { owner, mtimeMs };
  }

  /** Nobody will release it: its holder is dead, or it has not been kept fresh for `staleMs`. */
  isAbandoned(holder: Holder, staleMs: number): boolean {
    const age = this.now() - holder.mtimeMs;
    if (age > staleMs) return true;
    if (!holder.owner) return age > OWNERLESS_GRACE_MS;
    const { pid, host, nonce } = holder.owner;
    return this.isDead(pid, host === this.seams.host, nonce);
  }
}
