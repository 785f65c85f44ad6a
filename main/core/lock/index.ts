/**
 * The app's one lock: a folder next to the credentials file, taken in arrival order by the app's
 * processes, with a dead holder replaced at once and nothing left behind. Its uses: the credentials
 * lock (one writer per file at a time), the daemon's one-keeper lock, and in-process turns.
 * How and why (instead of proper-lockfile): docs/lock.md.
 */
export { LockHeldError } from './acquisition.js';
export { lockPathFor, withCredentialsLock } from './credentials-lock.js';
export { createFileLocks, type FileLockOptions, type FileLocks } from './file-locks.js';
export { serialized, serialPerFile } from './in-process.js';
export { acquireInstanceLock, instanceLockPath } from './instance-lock.js';
export { acquireFileLock, readLockOwner } from './node-locks.js';
export { lockOwnerPath, type LockOwner } from './owner.js';
export type { LockFs, LockSeams } from './seams.js';
