import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { cannotWrite } from '../credentials/fs-errors.js';
import { UserFacingError } from '../errors.js';
import { LockHeldError } from './acquisition.js';
import { serialized } from './in-process.js';
import { acquireFileLock } from './node-locks.js';

/** The app's lock in the config folder; the CLI takes none, so it only orders the app's processes. */
export function lockPathFor(credentialsPath: string): string {
  return path.join(path.dirname(credentialsPath), '.pipecat-tray.lock');
}

/** The lock paths the current async call chain holds: the lock is re-entrant within one chain. */
const held = new AsyncLocalStorage<ReadonlySet<string>>();

/** A live holder keeps it for milliseconds (one refresh and write); waiting longer means it is stuck. */
const WAIT_MS = 30_000;

/**
 * Runs `task` holding the app's lock for this credentials file: taken over at once from a holder
 * that died, after 20 s from one that is frozen. A task that already holds it (the refresher
 * writing through the store) just runs; other tasks of this process take turns before it.
 */
export async function withCredentialsLock<T>(credentialsPath: string, task: () => Promise<T>): Promise<T> {
  const lockPath = lockPathFor(credentialsPath);
  const holding = held.getStore();
  if (holding?.has(lockPath)) return task();
  const inside = new Set([...(holding ?? []), lockPath]);
  if (!existsSync(path.dirname(credentialsPath))) {
    // No folder, so no file to protect yet: a signed-out command leaves nothing in the user's home.
    // A first write makes the folder itself; every later one is locked.
    return serialized(`lock:${lockPath}`, () => held.run(inside, task));
  }
  return serialized(`lock:${lockPath}`, async () => {
    const release = await acquire(lockPath, credentialsPath);
    try {
      return await held.run(inside, task);
    } finally {
      await release();
    }
  });
}

async function acquire(lockPath: string, credentialsPath: string): Promise<() => Promise<void>> {
  try {
    return await acquireFileLock(lockPath, {
      waitMs: WAIT_MS,
      staleMs: 20_000,
      updateMs: 5_000,
      // Taken from us after a freeze: carry on. Every write is compare-and-swap against what this
      // task read, so the worst case is a write refused as "changed meanwhile", never a lost edit.
      onCompromised: () => undefined,
    });
  } catch (cause) {
    // The lock lives next to the file: failing to create it is failing to write there.
    if (!(cause instanceof LockHeldError)) throw cannotWrite(cause, credentialsPath);
    throw new UserFacingError(
      `Another Pipecat Cloud Tray process${cause.holderPid === undefined ? '' : ` (pid ${cause.holderPid})`} kept ${lockPath} locked; try again in a moment.`,
      'credentials_locked',
      { cause },
    );
  }
}
