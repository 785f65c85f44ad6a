import { createHash } from 'node:crypto';
import path from 'node:path';
import { normalizeApiHost } from '../credentials/api-host.js';
import { UserFacingError } from '../errors.js';
import { LockHeldError } from './acquisition.js';
import { acquireFileLock } from './node-locks.js';

/**
 * One lock per credentials file and API host: one keeper for each environment in the file (each
 * host's session rotates on its own), and files sharing a folder do not block one another.
 */
export function instanceLockPath(credentialsPath: string, apiHost: string): string {
  const folder = path.dirname(credentialsPath);
  const id = createHash('sha256')
    .update(`${path.basename(credentialsPath)}\n${normalizeApiHost(apiHost)}`)
    .digest('hex')
    .slice(0, 16);
  return path.join(folder, `.pipecat-tray-daemon-${id}.lock`);
}

/**
 * One keeper per credentials file and API host: the daemon takes this at start and holds it while
 * it runs. (The tray does not: Electron's single-instance lock keeps it to one copy, and the
 * credentials lock with its re-read keeps a tray and a daemon on one file from replaying.) A holder
 * that died without releasing (SIGKILL, power loss) is replaced at once. Resolves with the release
 * function.
 */
export async function acquireInstanceLock(
  credentialsPath: string,
  apiHost: string,
  onLost: (error: Error) => void,
): Promise<() => Promise<void>> {
  const lockPath = instanceLockPath(credentialsPath, apiHost);
  try {
    return await acquireFileLock(lockPath, {
      waitMs: 0,
      staleMs: 30_000,
      updateMs: 10_000,
      onCompromised: onLost,
    });
  } catch (error) {
    if (!(error instanceof LockHeldError)) throw error;
    const holder =
      error.holderPid === undefined
        ? 'A pipecat-tray daemon'
        : `A pipecat-tray daemon (pid ${error.holderPid})`;
    throw new UserFacingError(
      `${holder} is already keeping ${credentialsPath} fresh for ${apiHost}.`,
      'daemon_running',
      { cause: error },
    );
  }
}
