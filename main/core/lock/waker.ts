import type { LockSeams } from './seams.js';

/**
 * Wakes a waiter as soon as something changes next to the lock (a release, a ticket leaving),
 * with a timer as the fallback for file systems that report nothing.
 */
export class Waker {
  private poked = false;
  private wake: ((why: 'event' | 'timer') => void) | undefined;
  private readonly unwatch: () => void;

  constructor(
    private readonly seams: LockSeams,
    folder: string,
    relevant: (name: string) => boolean,
  ) {
    this.unwatch = seams.fs.watch(folder, (name) => {
      if (name === undefined || relevant(name)) this.poke();
    });
  }

  /** Resolves at the next relevant change (or at once if one came since the last call), or after `ms`. */
  next(ms: number): Promise<'event' | 'timer'> {
    if (this.poked) {
      this.poked = false;
      return Promise.resolve('event');
    }
    return new Promise((resolve) => {
      const timer = this.seams.clock.setTimeout(() => this.wake?.('timer'), ms);
      this.wake = (why) => {
        this.seams.clock.clearTimeout(timer);
        this.wake = undefined;
        resolve(why);
      };
    });
  }

  stop(): void {
    this.unwatch();
    this.wake?.('event');
  }

  private poke(): void {
    if (this.wake) this.wake('event');
    else this.poked = true;
  }
}
