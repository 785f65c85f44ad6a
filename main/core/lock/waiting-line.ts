import path from 'node:path';
import { errnoCode } from '../credentials/fs-errors.js';
import type { LockContext } from './context.js';
import type { LockOwner } from './owner.js';
import { isTicketGone, takeTicket, ticketsIn, type Ticket } from './tickets.js';

/**
 * One acquisition's place in the line for a lock. Waiters take the lock in the order they joined,
 * so a holder that releases and wants it again goes behind everyone already waiting.
 */
export class WaitingLine {
  private ticket: Ticket | undefined;
  private wasFirst = false;
  private touchedAt = 0;
  private readonly folder: string;
  private readonly base: string;

  constructor(
    private readonly ctx: LockContext,
    lockPath: string,
    private readonly owner: LockOwner,
    private readonly staleMs: number,
  ) {
    this.folder = path.dirname(lockPath);
    this.base = path.basename(lockPath);
  }

  get joined(): boolean {
    return this.ticket !== undefined;
  }

  /** Whether this acquisition's ticket was first in line at the last look (and is still there). */
  get first(): boolean {
    return this.wasFirst && this.ticket !== undefined;
  }

  /**
   * What is next to the lock now: the folder's entries and the live tickets in arrival order.
   * Removes dead waiters' tickets on the way.
   */
  async look(): Promise<{ names: string[]; line: Ticket[] }> {
    const names = await this.list();
    const line: Ticket[] = [];
    for (const ticket of ticketsIn(names, this.base)) {
      const mine = ticket.name === this.ticket?.name;
      // Only the first one ahead can hold everyone up: only its age is worth a look.
      if (!mine && (await isTicketGone(this.ctx, this.folder, ticket, this.staleMs, line.length === 0))) {
        await this.ctx.seams.fs.removeFile(path.join(this.folder, ticket.name));
        continue;
      }
      line.push(ticket);
    }
    // Ours is gone: it was judged stale while this process was frozen. Join again, at the end.
    if (this.ticket && !line.some((ticket) => ticket.name === this.ticket?.name)) this.ticket = undefined;
    this.wasFirst = this.ticket !== undefined && line[0]?.name === this.ticket.name;
    return { names, line };
  }

  /** The folder's entries; the folder is made again if it went away since this process's first lock there. */
  private async list(): Promise<string[]> {
    const { fs } = this.ctx.seams;
    try {
      return await fs.list(this.folder);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
      await fs.ensureFolder(this.folder);
      return fs.list(this.folder);
    }
  }

  /** Whether someone in `line` is ahead of this acquisition (anyone at all, before it joined). */
  isBehind(line: readonly Ticket[]): boolean {
    const first = line[0];
    return first !== undefined && first.name !== this.ticket?.name;
  }

  /** Takes a ticket after the last one in `line`, as just looked at. */
  async join(line: readonly Ticket[]): Promise<void> {
    this.ticket = await takeTicket(this.ctx, this.folder, this.base, this.owner, line);
    this.touchedAt = this.ctx.now();
  }

  /** Keeps the ticket's mtime fresh while waiting, so that others do not judge it stale. */
  async keepFresh(updateMs: number): Promise<void> {
    if (!this.ticket || this.ctx.now() - this.touchedAt < updateMs) return;
    this.touchedAt = this.ctx.now();
    await this.ctx.seams.fs.touch(path.join(this.folder, this.ticket.name), this.touchedAt).catch(() => {
      this.ticket = undefined;
    });
  }

  /**
   * Moves the ticket to `ownerFile` in the lock folder just created: the lock gets its owner and
   * the line loses this waiter in one step. False when the ticket is gone (judged stale meanwhile).
   */
  async enter(ownerFile: string): Promise<boolean> {
    const ticket = this.ticket;
    if (!ticket) return false;
    try {
      await this.ctx.seams.fs.rename(path.join(this.folder, ticket.name), ownerFile);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
      this.ticket = undefined;
      return false;
    }
    this.ticket = undefined;
    return true;
  }

  async leave(): Promise<void> {
    const ticket = this.ticket;
    this.ticket = undefined;
    if (ticket) await this.ctx.seams.fs.removeFile(path.join(this.folder, ticket.name));
  }
}
