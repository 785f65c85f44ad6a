import type { LockOwner } from './owner.js';
import { createFileLocks, type FileLockOptions } from './file-locks.js';
import { nodeLockSeams } from './node-seams.js';

/** This process's file locks, on the real clock and file system. */
const locks = createFileLocks(nodeLockSeams());

export function acquireFileLock(lockPath: string, options: FileLockOptions): Promise<() => Promise<void>> {
  return locks.acquire(lockPath, options);
}

export function readLockOwner(lockPath: string): Promise<LockOwner | undefined> {
  return locks.readOwner(lockPath);
}
