import { errnoCode } from '../credentials/fs-errors.js';
import type { Holder, LockContext } from './context.js';
import { readOwner } from './owner.js';

/** Another taker (an older version of the app) moved it first, or it is gone: look again. */
const MOVED_MEANWHILE = new Set(['ENOENT', 'ENOTEMPTY', 'EEXIST', 'EPERM']);

/**
 * Removes an abandoned lock folder. Only the first in line takes over (see Acquisition), so takers
 * do not race one another; the rename to a tombstone named after the dead holder's nonce, checked
 * before it is removed, still guards against a lock that changed hands meanwhile (a frozen holder
 * that woke up and released, an older version of the app taking over the same holder). The
 * tombstone is removed at once: nothing is left behind (issue 11).
 */
export async function takeOver(ctx: LockContext, lockPath: string, seen: Holder): Promise<void> {
  const { fs } = ctx.seams;
  const tombstone = `${lockPath}.dead-${seen.owner?.nonce ?? `unowned-${Math.round(seen.mtimeMs)}`}`;
  try {
    await fs.rename(lockPath, tombstone);
  } catch (error) {
    if (MOVED_MEANWHILE.has(errnoCode(error) ?? '')) return;
    throw error;
  }
  if ((await readOwner(fs, tombstone))?.nonce !== seen.owner?.nonce) {
    // A live holder took the lock between our look and our rename: give it back.
    await fs.rename(tombstone, lockPath).catch(() => undefined);
    return;
  }
  await fs.remove(tombstone);
}
