import path from 'node:path';
import { Acquisition, type AcquireOptions } from './acquisition.js';
import { LockContext } from './context.js';
import { LITTER_STALE_MS, sweepFolder } from './litter.js';
import { readOwner, type LockOwner } from './owner.js';
import type { LockSeams } from './seams.js';

export type FileLockOptions = AcquireOptions;

export interface FileLocks {
  /**
   * Takes the lock at `lockPath` (a folder; its parent is created 0700 if needed), waiting up to
   * `waitMs` in arrival order behind other takers. A holder that died (SIGKILL, a crash, power loss)
   * is replaced at once, a frozen one after `staleMs`. The first lock a process takes in a folder
   * also clears what killed runs left there. Resolves with the release function.
   */
  acquire(lockPath: string, options: FileLockOptions): Promise<() => Promise<void>>;
  readOwner(lockPath: string): Promise<LockOwner | undefined>;
}

/** Taking over a dead holder's lock only to release it, when sweeping. */
const SWEEP_OPTIONS: FileLockOptions = {
  waitMs: 0,
  staleMs: LITTER_STALE_MS,
  updateMs: LITTER_STALE_MS / 3,
  onCompromised: () => undefined,
};

/** The app's file locks as one process sees them, over the given seams. */
export function createFileLocks(seams: LockSeams): FileLocks {
  const ctx = new LockContext(seams);
  const acquire = async (lockPath: string, options: FileLockOptions): Promise<() => Promise<void>> => {
    const folder = path.dirname(lockPath);
    if (!ctx.swept.has(folder)) {
      await seams.fs.ensureFolder(folder);
      ctx.swept.add(folder);
      await sweepFolder(ctx, folder, path.basename(lockPath), async (other) => {
        const release = await acquire(other, SWEEP_OPTIONS).catch(() => undefined);
        await release?.();
      });
    }
    return new Acquisition(ctx, lockPath, options).run();
  };
  return { acquire, readOwner: (lockPath) => readOwner(seams.fs, lockPath) };
}
