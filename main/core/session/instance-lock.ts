import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { normalizeApiHost } from '../credentials/index.js';
import { UserFacingError } from '../errors.js';
import { isProcessAlive } from '../process-alive.js';

export interface InstanceLockPaths {
  lock: string;
  pid: string;
}

/**
 * One pair per credentials file and API host: one keeper for each environment in the file (each
 * host's session rotates on its own), and files sharing a folder do not block one another.
 */
export function instanceLockPaths(credentialsPath: string, apiHost: string): InstanceLockPaths {
  const folder = path.dirname(credentialsPath);
  const id = createHash('sha256')
    .update(`${path.basename(credentialsPath)}\n${normalizeApiHost(apiHost)}`)
    .digest('hex')
    .slice(0, 16);
  return {
    lock: path.join(folder, `.pipecat-tray-daemon-${id}.lock`),
    pid: path.join(folder, `.pipecat-tray-daemon-${id}.pid`),
  };
}

async function holderPid(paths: InstanceLockPaths): Promise<number | undefined> {
  const text = await readFile(paths.pid, 'utf8').catch(() => '');
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * One keeper per credentials file and API host: the daemon and the tray take this before
 * refreshing on a timer. A holder that died without releasing (SIGKILL, power loss) is recognised by its pid and
 * replaced at once rather than after the lock goes stale. Resolves with the release function.
 */
export async function acquireInstanceLock(
  credentialsPath: string,
  apiHost: string,
  onLost: (error: Error) => void,
): Promise<() => Promise<void>> {
  const paths = instanceLockPaths(credentialsPath, apiHost);
  await mkdir(path.dirname(paths.lock), { recursive: true, mode: 0o700 });
  const attempt = (): Promise<() => Promise<void>> =>
    // proper-lockfile keys its bookkeeping by this first argument: it must differ per lock.
    lockfile.lock(paths.lock, {
      lockfilePath: paths.lock,
      realpath: false,
      stale: 30_000,
      update: 10_000,
      retries: 0,
      onCompromised: onLost,
    });
  let release: () => Promise<void>;
  try {
    release = await attempt();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const pid = await holderPid(paths);
    if (pid !== undefined && pid !== process.pid && isProcessAlive(pid)) {
      throw new UserFacingError(
        `A pipecat-tray daemon (pid ${pid}) is already keeping ${credentialsPath} fresh for ${apiHost}.`,
        'daemon_running',
      );
    }
    await rm(paths.lock, { recursive: true, force: true });
    release = await attempt();
  }
  await writeFile(paths.pid, `${process.pid}\n`, { mode: 0o600 });
  return async () => {
    await rm(paths.pid, { force: true });
    await release().catch(() => undefined);
  };
}
