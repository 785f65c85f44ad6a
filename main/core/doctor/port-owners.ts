import { readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';

const TCP_LISTEN = '0A';

/**
 * The socket inodes listening on each of `ports`, from the text of /proc/net/tcp or tcp6
 * (columns: sl, local_address "HEXIP:HEXPORT", rem_address, st, …, inode at index 9).
 */
function listeningInodes(procNetTcp: string, ports: readonly number[]): Map<string, number> {
  const inodes = new Map<string, number>();
  for (const line of procNetTcp.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    const local = cols[1];
    const inode = cols[9];
    if (!local || !inode || cols[3] !== TCP_LISTEN || inode === '0') continue;
    const port = Number.parseInt(local.split(':')[1] ?? '', 16);
    if (ports.includes(port)) inodes.set(inode, port);
  }
  return inodes;
}

/**
 * Best effort, Linux only: "name (pid N)" for each port held by a process this user may inspect
 * (other users' /proc/PID/fd is unreadable, so those ports stay absent: the caller says "unknown").
 */
export async function findPortOwners(
  ports: readonly number[],
  procRoot = '/proc',
): Promise<Map<number, string>> {
  const owners = new Map<number, string>();
  const inodes = new Map<string, number>();
  for (const file of ['net/tcp', 'net/tcp6']) {
    const text = await readFile(path.join(procRoot, file), 'utf8').catch(() => '');
    for (const [inode, port] of listeningInodes(text, ports)) inodes.set(inode, port);
  }
  if (inodes.size === 0) return owners;
  const pids = (await readdir(procRoot).catch(() => [])).filter((name) => /^\d+$/.test(name));
  await Promise.all(
    pids.map(async (pid) => {
      const fdDir = path.join(procRoot, pid, 'fd');
      const fds = await readdir(fdDir).catch(() => []);
      for (const fd of fds) {
        const target = await readlink(path.join(fdDir, fd)).catch(() => '');
        const port = inodes.get(/^socket:\[(\d+)\]$/.exec(target)?.[1] ?? '');
        if (port === undefined || owners.has(port)) continue;
        const name = (await readFile(path.join(procRoot, pid, 'comm'), 'utf8').catch(() => '')).trim();
        owners.set(port, `${name || 'unknown process'} (pid ${pid})`);
      }
    }),
  );
  return owners;
}
