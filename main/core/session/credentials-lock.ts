import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { UserFacingError } from '../errors.js';

/** The app's lock in the config folder; the CLI takes none, so it only orders the app's processes. */
export function lockPathFor(credentialsPath: string): string {
  return path.join(path.dirname(credentialsPath), '.pipecat-tray.lock');
}

/** The lock paths the current async call chain holds: the lock is re-entrant within one chain. */
const held = new AsyncLocalStorage<ReadonlySet<string>>();

/**
 * Runs `task` holding the app's lock for this credentials file (proper-lockfile: an atomic
 * mkdir, kept fresh while held, taken over when a crashed holder left it stale). A task that
 * already holds it (the refresher writing through the store) just runs.
 */
export async function withCredentialsLock<T>(credentialsPath: string, task: () => Promise<T>): Promise<T> {
  const lockPath = lockPathFor(credentialsPath);
  const holding = held.getStore();
  if (holding?.has(lockPath)) return task();
  const folder = path.dirname(credentialsPath);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  let release: () => Promise<void>;
  try {
    // proper-lockfile keys its bookkeeping by this first argument: it must differ per lock.
    release = await lockfile.lock(lockPath, {
      lockfilePath: lockPath,
      realpath: false,
      stale: 20_000,
      update: 5_000,
      retries: { retries: 60, factor: 1.3, minTimeout: 20, maxTimeout: 1_000, randomize: true },
    });
  } catch (cause) {
    throw new UserFacingError(
      `Another Pipecat Cloud Tray process kept ${lockPathFor(credentialsPath)} locked; try again in a moment.`,
      'credentials_locked',
      { cause },
    );
  }
  try {
    return await held.run(new Set([...(holding ?? []), lockPath]), task);
  } finally {
    await release().catch(() => undefined);
  }
}
