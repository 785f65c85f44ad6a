import path from 'node:path';
import type { LockContext } from './context.js';
import { isTicketGone, ticketsIn } from './tickets.js';

/**
 * The longest `staleMs` any of the app's locks uses. A live holder or waiter refreshes its mtime
 * well within it, so anything older is litter whoever it names.
 */
export const LITTER_STALE_MS = 30_000;

/** The app's lock folders: `.pipecat-tray<id>.lock`, with their `.wait-` tickets and `.dead-` tombstones. */
const APP_LOCK_ENTRY = /^(\.pipecat-tray[\w-]*\.lock)(?:\.(?:wait|dead)-.+)?$/;

/**
 * Removes the tombstones of lock `base` whose holder is dead: a takeover moves the dead holder's
 * folder to `<lock>.dead-<nonce>` and removes it at once, so one is only left when the taker was
 * killed in between. (Older versions kept them for a minute and more.)
 */
async function removeDeadTombstones(
  ctx: LockContext,
  folder: string,
  base: string,
  names: readonly string[],
): Promise<void> {
  for (const name of names) {
    if (!name.startsWith(`${base}.dead-`)) continue;
    const tombstone = path.join(folder, name);
    const holder = await ctx.inspect(tombstone);
    if (holder && ctx.isAbandoned(holder, LITTER_STALE_MS)) await ctx.seams.fs.remove(tombstone);
  }
}

/**
 * What killed runs left in `folder`, swept by a process's first lock there: dead waiters' tickets,
 * tombstones, and lock folders whose holder is dead (through `takeAndRelease`, so that this takeover
 * waits its turn like any other). Live holders' and waiters' entries stay. Best effort.
 */
export async function sweepFolder(
  ctx: LockContext,
  folder: string,
  except: string,
  takeAndRelease: (lockPath: string) => Promise<void>,
): Promise<void> {
  const names = await ctx.seams.fs.list(folder).catch(() => [] as string[]);
  const bases = new Set(names.flatMap((name) => APP_LOCK_ENTRY.exec(name)?.[1] ?? []));
  for (const base of bases) {
    await removeDeadTombstones(ctx, folder, base, names);
    for (const ticket of ticketsIn(names, base)) {
      if (await isTicketGone(ctx, folder, ticket, LITTER_STALE_MS, true)) {
        await ctx.seams.fs.removeFile(path.join(folder, ticket.name));
      }
    }
    const lockPath = path.join(folder, base);
    const holder = base === except || !names.includes(base) ? undefined : await ctx.inspect(lockPath);
    if (holder && ctx.isAbandoned(holder, LITTER_STALE_MS)) await takeAndRelease(lockPath);
  }
}
