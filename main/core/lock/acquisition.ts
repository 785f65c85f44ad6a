import path from 'node:path';
import { errnoCode } from '../credentials/fs-errors.js';
import type { LockContext } from './context.js';
import { HeldLock, type HoldOptions } from './held-lock.js';
import { lockOwnerPath, type LockOwner } from './owner.js';
import { takeOver } from './takeover.js';
import { ticketPrefix, type Ticket } from './tickets.js';
import { WaitingLine } from './waiting-line.js';
import { Waker } from './waker.js';

export interface AcquireOptions extends HoldOptions {
  /** How long to keep trying while a live process holds the lock; 0 fails at once. */
  waitMs: number;
  /** A lock whose mtime is older than this is taken over even if its holder lives. */
  staleMs: number;
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

/** The fallback poll while waiting, for when the folder reports no change (jittered down to half). */
const POLL_MS = 100;
/** Steps in a row that ask to look again at once (a takeover the OS keeps refusing) before pausing. */
const MAX_STEPS_AT_ONCE = 20;

type Step =
  { kind: 'held'; release: () => Promise<void> } | { kind: 'again' } | { kind: 'blocked'; pid?: number };

/**
 * One attempt to take a lock: a folder created atomically (mkdir), its holder recorded inside.
 * Waiters line up with tickets and take it in arrival order, woken by changes in the folder.
 */
export class Acquisition {
  private readonly owner: LockOwner;
  private readonly base: string;
  private readonly line: WaitingLine;
  private waker: Waker | undefined;
  /**
   * Whether the holder is worth a look (is it dead?): at each poll, not at every change in the
   * folder; at once only for a taker that will not wait.
   */
  private inspectDue: boolean;

  constructor(
    private readonly ctx: LockContext,
    private readonly lockPath: string,
    private readonly options: AcquireOptions,
  ) {
    this.owner = { pid: ctx.seams.pid, host: ctx.seams.host, nonce: ctx.nonce() };
    this.base = path.basename(lockPath);
    this.line = new WaitingLine(ctx, lockPath, this.owner, options.staleMs);
    this.inspectDue = options.waitMs <= 0;
  }

  async run(): Promise<() => Promise<void>> {
    const deadline = this.ctx.now() + this.options.waitMs;
    this.ctx.live.add(this.owner.nonce);
    let held = false;
    try {
      for (let atOnce = 0; ;) {
        const step = await this.step();
        if (step.kind === 'held') {
          held = true;
          return step.release;
        }
        if (step.kind === 'again' && ++atOnce < MAX_STEPS_AT_ONCE) continue;
        atOnce = 0;
        const left = deadline - this.ctx.now();
        if (left <= 0) throw await this.heldError(step.kind === 'blocked' ? step.pid : undefined);
        if (this.startListening()) continue;
        const woken = await this.waker?.next(Math.min(left, POLL_MS * (0.5 + this.ctx.seams.random() / 2)));
        this.inspectDue ||= woken === 'timer';
        await this.line.keepFresh(this.options.updateMs);
      }
    } finally {
      this.waker?.stop();
      await this.line.leave().catch(() => undefined);
      if (!held) this.ctx.live.delete(this.owner.nonce);
    }
  }

  private async heldError(pid: number | undefined): Promise<LockHeldError> {
    return new LockHeldError(this.lockPath, pid ?? (await this.ctx.inspect(this.lockPath))?.owner?.pid);
  }

  /** Starts listening to the folder, if not done yet; true when the lock needs a new look first. */
  private startListening(): boolean {
    if (this.waker) return false;
    const base = this.base;
    const relevant = (name: string): boolean => name === base || name.startsWith(ticketPrefix(base));
    this.waker = new Waker(this.ctx.seams, path.dirname(this.lockPath), relevant);
    // A release between the last look and the watch starting would go unnoticed: look again.
    return true;
  }

  private async step(): Promise<Step> {
    // The first in line stays first (tickets only join at the end): straight to the lock then.
    if (!this.line.first) {
      const { names, line } = await this.line.look();
      const taken = names.includes(this.base);
      // Contended: get in line first, so that the holder cannot release and take it again meanwhile.
      if (!this.line.joined && this.options.waitMs > 0 && (taken || line.length > 0)) {
        await this.line.join(line);
        return { kind: 'again' };
      }
      if (this.line.isBehind(line)) return { kind: 'blocked' };
      if (taken) return this.blocked(line);
    }
    try {
      await this.ctx.seams.fs.createFolder(this.lockPath);
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw error;
      return this.blocked([]);
    }
    return this.own();
  }

  /** The lock is taken: by a live holder (wait), or an abandoned one (take it over). */
  private async blocked(line: readonly Ticket[]): Promise<Step> {
    if (!this.inspectDue) return { kind: 'blocked' };
    this.inspectDue = false;
    const holder = await this.ctx.inspect(this.lockPath);
    if (holder && !this.ctx.isAbandoned(holder, this.options.staleMs)) {
      return { kind: 'blocked', pid: holder.owner?.pid };
    }
    this.inspectDue = true;
    if (!holder) return { kind: 'again' };
    // Only the first in line takes over, so that takers never race one another.
    if (!this.line.joined) await this.line.join(line);
    else await takeOver(this.ctx, this.lockPath, holder);
    return { kind: 'again' };
  }

  /**
   * Records this process as the holder in the folder just made. A waiter's ticket becomes the
   * owner file, so it leaves the line only as the lock gets its owner: no one cuts in meanwhile.
   */
  private async own(): Promise<Step> {
    const { fs } = this.ctx.seams;
    const ownerFile = lockOwnerPath(this.lockPath);
    let owned: boolean;
    try {
      owned = this.line.joined
        ? await this.line.enter(ownerFile)
        : await fs.createFile(ownerFile, JSON.stringify(this.owner)).then(() => true);
    } catch (error) {
      // A full disk, say: the folder is ours and useless without its owner.
      await fs.remove(this.lockPath).catch(() => undefined);
      throw error;
    }
    if (!owned) {
      // Our ticket was judged stale while this process was frozen: back to the end of the line.
      await fs.remove(this.lockPath).catch(() => undefined);
      return { kind: 'again' };
    }
    return { kind: 'held', release: new HeldLock(this.ctx, this.lockPath, this.owner, this.options).release };
  }
}
