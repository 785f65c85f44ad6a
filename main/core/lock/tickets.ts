import path from 'node:path';
import { errnoCode } from '../credentials/fs-errors.js';
import type { LockContext } from './context.js';
import type { LockOwner } from './owner.js';

/**
 * A place in the line for a lock: a file `<lock>.wait-<seq>-<pid>-<host tag>-<nonce>` next to it,
 * holding the waiter's owner record. Its name says who waits, so a dead waiter is told apart
 * without reading anything.
 */
export interface Ticket {
  name: string;
  seq: number;
  pid: number;
  hostTag: string;
  nonce: string;
}

const TICKET = /^(\d+)-(\d+)-([0-9a-f]{8})-([0-9a-z]+)$/;

export const ticketPrefix = (base: string): string => `${base}.wait-`;

/** The tickets for lock `base` among a folder's entries, in arrival order. */
export function ticketsIn(names: readonly string[], base: string): Ticket[] {
  const prefix = ticketPrefix(base);
  const tickets: Ticket[] = [];
  for (const name of names) {
    const match = name.startsWith(prefix) ? TICKET.exec(name.slice(prefix.length)) : null;
    if (!match) continue;
    const [, seq = '', pid = '', hostTag = '', nonce = ''] = match;
    tickets.push({ name, seq: Number(seq), pid: Number(pid), hostTag, nonce });
  }
  return tickets.sort((a, b) => a.seq - b.seq || (a.name < b.name ? -1 : 1));
}

/** Its waiter is dead, or (`checkAge`) has not kept it fresh for `staleMs` (frozen, or on another host). */
export async function isTicketGone(
  ctx: LockContext,
  folder: string,
  ticket: Ticket,
  staleMs: number,
  checkAge: boolean,
): Promise<boolean> {
  if (ctx.isDead(ticket.pid, ticket.hostTag === ctx.hostTag, ticket.nonce)) return true;
  if (!checkAge) return false;
  const mtimeMs = await ctx.seams.fs.mtimeMs(path.join(folder, ticket.name)).catch(() => undefined);
  return mtimeMs === undefined || ctx.now() - mtimeMs > staleMs;
}

/**
 * Takes the next ticket after `line`'s last, holding `owner` (the lock's owner file to be: taking
 * the lock moves the ticket into it). Two takers of one number: the second finds it taken
 * (EEXIST) and takes the next.
 */
export async function takeTicket(
  ctx: LockContext,
  folder: string,
  base: string,
  owner: LockOwner,
  line: readonly Ticket[],
): Promise<Ticket> {
  const { pid, nonce } = owner;
  for (let seq = (line.at(-1)?.seq ?? 0) + 1; ; seq += 1) {
    const name = `${ticketPrefix(base)}${seq}-${pid}-${ctx.hostTag}-${nonce}`;
    try {
      await ctx.seams.fs.createFile(path.join(folder, name), JSON.stringify(owner));
      return { name, seq, pid, hostTag: ctx.hostTag, nonce };
    } catch (error) {
      if (errnoCode(error) === 'EEXIST') continue;
      // A full disk leaves the file created but empty.
      await ctx.seams.fs.removeFile(path.join(folder, name)).catch(() => undefined);
      throw error;
    }
  }
}
