import path from 'node:path';
import type { LockFs } from './seams.js';

/** Who holds a lock: written inside the lock folder right after it is taken. */
export interface LockOwner {
  pid: number;
  host: string;
  /** Unique per acquisition: tells two holders with the same (reused) pid apart. */
  nonce: string;
}

export function lockOwnerPath(lockPath: string): string {
  return path.join(lockPath, 'owner.json');
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const { pid, host, nonce } = JSON.parse(text) as Partial<LockOwner>;
    if (!Number.isInteger(pid) || typeof host !== 'string' || typeof nonce !== 'string') return undefined;
    return { pid: pid as number, host, nonce };
  } catch {
    return undefined;
  }
}

/** The owner recorded in a lock folder (or a tombstone); undefined when missing or unreadable. */
export async function readOwner(fs: LockFs, lockPath: string): Promise<LockOwner | undefined> {
  const text = await fs.readText(lockOwnerPath(lockPath)).catch(() => undefined);
  return text === undefined ? undefined : parseOwner(text);
}
