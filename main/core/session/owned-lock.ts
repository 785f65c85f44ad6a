import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { isProcessAlive } from '../process-alive.js';

/** Who holds a lock: written inside the lock directory right after it is taken. */
export interface LockOwner {
  pid: number;
  host: string;
  /** Unique per acquisition: tells two holders with the same (reused) pid apart. */
  nonce: string;
}

export interface OwnedLockOptions {
  /** How long to keep trying while a live process holds the lock; 0 fails at once. */
  waitMs: number;
  /** proper-lockfile: a lock whose mtime is older than this is taken over even if its holder lives. */
  staleMs: number;
  /** proper-lockfile: how often the holder refreshes the mtime. */
  updateMs: number;
  /** Called when the lock was taken from this holder (it was frozen longer than `staleMs`). */
  onCompromised: (error: Error) => void;
}

/** The lock is held by a live process (or one that cannot be told dead) and `waitMs` ran out. */
export class LockHeldError extends Error {
  constructor(
    readonly lockPath: string,
    readonly holderPid: number | undefined,
  ) {
    super(`${lockPath} is held${holderPid === undefined ? '' : ` by pid ${holderPid}`}`);
    this.name = 'LockHeldError';
  }
}

const OWNER_FILE = 'owner.json';
/** Tombstones of taken-over locks are kept this long: long enough that no taker still races on them. */
const TOMBSTONE_TTL_MS = 60_000;
const MAX_POLL_MS = 250;
/**
 * A lock without an owner file: its holder died between the mkdir and writing the file (or is
 * frozen right there, which this grace makes unlikely to matter). Older than this, it is taken over.
 */
const OWNERLESS_GRACE_MS = 2_000;

/** Nonces of the locks this process holds right now. */
const heldHere = new Set<string>();

export function lockOwnerPath(lockPath: string): string {
  return path.join(lockPath, OWNER_FILE);
}

export async function readLockOwner(lockPath: string): Promise<LockOwner | undefined> {
  const text = await readFile(lockOwnerPath(lockPath), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    const { pid, host, nonce } = value;
    if (!Number.isInteger(pid) || typeof host !== 'string' || typeof nonce !== 'string') return undefined;
    return { pid: pid as number, host, nonce };
  } catch {
    return undefined;
  }
}

/** Dead for sure: on this machine, and no such process (or our own pid but not our acquisition). */
function isDeadHolder(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false;
  if (owner.pid === process.pid) return !heldHere.has(owner.nonce);
  return !isProcessAlive(owner.pid);
}

async function sweepOldTombstones(lockPath: string, keep: string): Promise<void> {
  const folder = path.dirname(lockPath);
  const prefix = `${path.basename(lockPath)}.dead-`;
  const names = await readdir(folder).catch(() => [] as string[]);
  const cutoff = Date.now() - TOMBSTONE_TTL_MS;
  for (const name of names) {
    if (!name.startsWith(prefix) || name === keep) continue;
    const info = await stat(path.join(folder, name)).catch(() => undefined);
    if (info && info.mtimeMs < cutoff) await rm(path.join(folder, name), { recursive: true, force: true });
  }
}

/**
 * Moves a dead holder's lock aside. The rename is the compare-and-swap: the tombstone is named after
 * the holder's nonce, so of several takers who all saw the same dead holder only the first one's
 * rename succeeds; a later one would have to rename a fresh lock onto that (non-empty) tombstone,
 * which the OS refuses. The tombstone therefore outlives the race and is swept a minute later.
 */
async function takeOver(lockPath: string, seen: LockOwner | undefined, mtimeMs: number): Promise<void> {
  const tombstone = `${lockPath}.dead-${seen?.nonce ?? `unowned-${Math.round(mtimeMs)}`}`;
  try {
    await rename(lockPath, tombstone);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Gone, or someone else took it over first: either way, just try again.
    if (code === 'ENOENT' || code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'EPERM') return;
    throw error;
  }
  if ((await readLockOwner(tombstone))?.nonce !== seen?.nonce) {
    // A live holder took the lock between our read and our rename: give it back.
    await rename(tombstone, lockPath).catch(() => undefined);
    return;
  }
  const now = new Date();
  await utimes(tombstone, now, now).catch(() => undefined);
  await sweepOldTombstones(lockPath, path.basename(tombstone));
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A directory lock (proper-lockfile: an atomic mkdir, its mtime kept fresh while held) that
 * records its holder inside. A holder that died without releasing (SIGKILL, a crash, power loss)
 * is replaced at once instead of after `staleMs`. Creates the lock's folder (0700) if needed.
 * Resolves with the release function.
 */
export async function acquireOwnedLock(
  lockPath: string,
  options: OwnedLockOptions,
): Promise<() => Promise<void>> {
  await mkdir(path.dirname(lockPath), { recursive: true, mode: 0o700 });
  const deadline = Date.now() + options.waitMs;
  let poll = 10;
  for (;;) {
    let release: () => Promise<void>;
    try {
      // proper-lockfile keys its bookkeeping by this first argument: it must differ per lock.
      release = await lockfile.lock(lockPath, {
        lockfilePath: lockPath,
        realpath: false,
        stale: options.staleMs,
        update: options.updateMs,
        retries: 0,
        onCompromised: options.onCompromised,
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ENOTEMPTY: proper-lockfile found the lock stale by its mtime but cannot rmdir it (owner file).
      if (code !== 'ELOCKED' && code !== 'ENOTEMPTY') throw error;
      const owner = await readLockOwner(lockPath);
      const mtimeMs = (await stat(lockPath).catch(() => undefined))?.mtimeMs;
      if (mtimeMs === undefined) continue; // released meanwhile
      const abandoned =
        code === 'ENOTEMPTY' ||
        (owner === undefined ? mtimeMs < Date.now() - OWNERLESS_GRACE_MS : isDeadHolder(owner));
      if (abandoned) {
        await takeOver(lockPath, owner, mtimeMs);
        continue;
      }
      if (Date.now() >= deadline) throw new LockHeldError(lockPath, owner?.pid);
      await pause(Math.min(poll, Math.max(0, deadline - Date.now())) * (0.5 + Math.random() / 2));
      poll = Math.min(poll * 1.5, MAX_POLL_MS);
      continue;
    }
    const owner: LockOwner = { pid: process.pid, host: hostname(), nonce: randomUUID() };
    try {
      // proper-lockfile remembers the directory's mtime and calls the lock compromised when it
      // differs at its next update; adding the owner file changes it, so it is put back.
      const taken = await stat(lockPath);
      await writeFile(lockOwnerPath(lockPath), JSON.stringify(owner), { mode: 0o600 });
      await utimes(lockPath, taken.atime, taken.mtime);
    } catch (error) {
      await release().catch(() => undefined);
      throw error;
    }
    heldHere.add(owner.nonce);
    return async () => {
      heldHere.delete(owner.nonce);
      // proper-lockfile removes the directory with rmdir: it must be empty. After a freeze the
      // lock may be someone else's by now: their owner file stays (release then just fails).
      if ((await readLockOwner(lockPath))?.nonce === owner.nonce) {
        await rm(lockOwnerPath(lockPath), { force: true });
      }
      await release().catch(() => undefined);
    };
  }
}
