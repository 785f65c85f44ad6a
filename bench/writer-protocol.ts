/** The messages between the two-writer benchmark and its writer processes (Node IPC). */

export interface WriterTask {
  configPath: string;
  apiHost: string;
  /** Prefix of every value this writer stores, so its last write can be recognised. */
  label: string;
  writes: number;
}

export type WriterMessage =
  | { type: 'ready' }
  | {
      type: 'done';
      /** Each write's duration, lock wait included (ms). */
      latenciesMs: number[];
      /** Times the writer found its own previous write missing from the file before its next one. */
      lost: number;
    }
  | { type: 'failed'; message: string };

export type ParentMessage = { type: 'go' };

/** The access token a writer stores in its `i`-th write (fake: nothing ever sends it). */
export function tokenOf(label: string, i: number): string {
  return `${label}-access-${i}`;
}
