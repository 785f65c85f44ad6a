/**
 * Several processes taking the app's file lock on one in-memory disk and one virtual clock. A
 * process can be killed (SIGKILL: nothing of it runs again, its pid is gone) or frozen (SIGSTOP:
 * nothing of it runs until it thaws).
 */
import { createFileLocks, type FileLocks } from '../../../main/core/lock/index.js';
import type { Clock } from '../../../main/core/session/clock.js';
import { FakeDisk } from './fake-disk.js';
import { seededRandom, VirtualClock } from './virtual-clock.js';

export const HOST = 'this-host';

export class SimProcess {
  readonly locks: FileLocks;
  private state: 'running' | 'frozen' | 'dead' = 'running';
  private deferred: (() => void)[] = [];

  constructor(
    readonly pid: number,
    private readonly world: LockWorld,
    host: string,
  ) {
    const gate = (callback: () => void) => (): void => {
      if (this.state === 'running') callback();
      else if (this.state === 'frozen') this.deferred.push(callback);
    };
    const clock: Clock = {
      now: () => world.clock.now(),
      setTimeout: (callback, ms) => world.clock.setTimeout(gate(callback), ms),
      clearTimeout: (handle) => world.clock.clearTimeout(handle),
    };
    this.locks = createFileLocks({
      clock,
      random: seededRandom(pid),
      fs: world.disk.view(gate),
      pid,
      host,
      isProcessAlive: (other) => world.isAlive(other),
    });
  }

  get alive(): boolean {
    return this.state !== 'dead';
  }

  kill(): void {
    this.state = 'dead';
    this.deferred = [];
  }

  freeze(): void {
    this.state = 'frozen';
  }

  thaw(): void {
    this.state = 'running';
    const deferred = this.deferred;
    this.deferred = [];
    for (const callback of deferred) callback();
  }
}

export class LockWorld {
  readonly clock: VirtualClock;
  readonly disk: FakeDisk;
  private readonly processes = new Map<number, SimProcess>();

  constructor(options: { seed?: number; maxLatencyMs?: number } = {}) {
    this.clock = new VirtualClock({ seed: options.seed ?? 1 });
    this.disk = new FakeDisk(this.clock, options.maxLatencyMs ?? 2);
  }

  spawn(pid: number, host = HOST): SimProcess {
    const process = new SimProcess(pid, this, host);
    this.processes.set(pid, process);
    return process;
  }

  isAlive(pid: number): boolean {
    return this.processes.get(pid)?.alive ?? false;
  }

  /**
   * Lets virtual time run, timer by timer, until `promise` settles; fails if it has not within
   * `limitMs` of virtual time. Resolves with its outcome.
   */
  async settle<T>(promise: Promise<T>, limitMs = 120_000): Promise<T> {
    let settled = false;
    const outcome = promise.finally(() => (settled = true));
    outcome.catch(() => undefined);
    const end = this.clock.now() + limitMs;
    await this.clock.advance(0);
    while (!settled && this.clock.now() <= end) {
      if (!(await this.clock.runNext())) break;
    }
    if (!settled) throw new Error(`still pending after ${limitMs} virtual ms`);
    return outcome;
  }

  /** Lets virtual time run, timer by timer, until `condition` holds. */
  async until(condition: () => boolean, limitMs = 120_000): Promise<void> {
    const end = this.clock.now() + limitMs;
    await this.clock.advance(0);
    while (!condition()) {
      if (this.clock.now() > end || !(await this.clock.runNext())) {
        throw new Error(`condition still false after ${limitMs} virtual ms`);
      }
    }
  }

  /** Lets `ms` of virtual time pass (the lock's own timers run meanwhile). */
  pass(ms: number): Promise<void> {
    return this.clock.advance(ms);
  }
}
