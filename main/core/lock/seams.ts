import type { Clock } from '../session/clock.js';

/**
 * The file operations the lock needs, injected so that its tests run on an in-memory folder and a
 * virtual clock (tests/unit/support/fake-lock-fs.ts).
 */
export interface LockFs {
  /** Creates `folder` and its parents if missing (0700). */
  ensureFolder(folder: string): Promise<void>;
  /** Creates `folder` (0700); fails with EEXIST when it exists: the atomic step of taking a lock. */
  createFolder(folder: string): Promise<void>;
  /** Creates `file` (0600) holding `text`; fails with EEXIST when it exists. */
  createFile(file: string, text: string): Promise<void>;
  readText(file: string): Promise<string>;
  list(folder: string): Promise<string[]>;
  mtimeMs(target: string): Promise<number>;
  /** Sets the modification time of `target` to `ms` (epoch milliseconds). */
  touch(target: string, ms: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file, or a folder with what is in it; a missing one is fine. */
  remove(target: string): Promise<void>;
  /** Removes a file; a missing one is fine. */
  removeFile(file: string): Promise<void>;
  /** Removes an empty folder; fails with ENOTEMPTY when something is in it. */
  removeEmptyFolder(folder: string): Promise<void>;
  /**
   * Calls `onChange` with an entry's name (undefined when the platform does not say) when something
   * in `folder` changes; returns what stops watching. Never throws: without events the lock polls.
   */
  watch(folder: string, onChange: (name: string | undefined) => void): () => void;
}

/** Everything the lock takes from the world: time, chance, files and processes. */
export interface LockSeams {
  /** Wall-clock time (compared with file mtimes) and the timers that poll and keep a held lock fresh. */
  clock: Clock;
  /** Uniform in [0, 1): acquisition nonces and poll jitter. */
  random: () => number;
  fs: LockFs;
  /** This process and machine, as the locks it takes record them. */
  pid: number;
  host: string;
  isProcessAlive(pid: number): boolean;
}
