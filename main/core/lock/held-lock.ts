import type { TimerHandle } from '../session/clock.js';
import type { LockContext } from './context.js';
import { lockOwnerPath, readOwner, type LockOwner } from './owner.js';

export interface HoldOptions {
  /** A lock whose mtime is older than this is taken over even if its holder lives. */
  staleMs: number;
  /** How often the holder refreshes the lock folder's mtime. */
  updateMs: number;
  /** Called when the lock was taken from this holder (it was frozen longer than `staleMs`). */
  onCompromised: (error: Error) => void;
}

/**
 * A lock this process holds: keeps its mtime fresh every `updateMs` (a holder that stops doing so
 * for `staleMs` is taken over even if alive), notices when it was taken over, and releases it.
 */
export class HeldLock {
  private timer: TimerHandle | undefined;
  private over = false;
  /** When the lock's mtime was last set by this holder. */
  private freshAt: number;

  constructor(
    private readonly ctx: LockContext,
    private readonly lockPath: string,
    private readonly owner: LockOwner,
    private readonly options: HoldOptions,
  ) {
    this.freshAt = ctx.now();
    this.schedule();
  }

  /** Removes the lock folder, unless it has become someone else's (after a freeze). Never throws. */
  readonly release = async (): Promise<void> => {
    if (this.over) return;
    this.over = true;
    if (this.timer) this.ctx.seams.clock.clearTimeout(this.timer);
    const { fs } = this.ctx.seams;
    try {
      // Only a holder that has not kept it fresh for a while can have lost it: otherwise no need to look.
      if (this.ctx.now() - this.freshAt >= this.options.staleMs / 2 && !(await this.stillOurs())) return;
      await fs.removeFile(lockOwnerPath(this.lockPath));
      await fs.removeEmptyFolder(this.lockPath).catch(() => fs.remove(this.lockPath));
    } catch {
      // Left behind, it is taken over as soon as this acquisition is no longer live (below).
    } finally {
      this.ctx.live.delete(this.owner.nonce);
    }
  };

  private schedule(): void {
    this.timer = this.ctx.seams.clock.setTimeout(() => void this.keepFresh(), this.options.updateMs);
  }

  private async keepFresh(): Promise<void> {
    const ours = await this.stillOurs();
    if (this.over) return;
    const touched =
      ours &&
      (await this.ctx.seams.fs.touch(this.lockPath, this.ctx.now()).then(
        () => true,
        () => false,
      ));
    if (this.over) return;
    if (touched) {
      this.freshAt = this.ctx.now();
      return this.schedule();
    }
    this.over = true;
    this.ctx.live.delete(this.owner.nonce);
    this.options.onCompromised(new Error(`${this.lockPath} was taken over by another process`));
  }

  private async stillOurs(): Promise<boolean> {
    return (await readOwner(this.ctx.seams.fs, this.lockPath))?.nonce === this.owner.nonce;
  }
}
