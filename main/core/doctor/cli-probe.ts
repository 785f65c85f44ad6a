import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, constants as fsConstants, stat } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import path from 'node:path';
import type { Probe, ProbeOutcome } from './cli-commands.js';

const PROBE_TIMEOUT_MS = 10_000;

/** The first `name` on PATH the shell would run (on Windows with each PATHEXT extension). */
export async function findOnPath(
  name: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): Promise<string | undefined> {
  const extensions =
    platform === 'win32' ? (env['PATHEXT'] ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean) : [''];
  const directories = (env['PATH'] ?? env['Path'] ?? '').split(path.delimiter).filter(Boolean);
  for (const directory of directories) {
    for (const extension of extensions) {
      const candidate = path.join(directory, name + extension);
      try {
        if (!(await stat(candidate)).isFile()) continue;
        await access(candidate, fsConstants.X_OK);
        return candidate;
      } catch {
        // next
      }
    }
  }
  return undefined;
}

/**
 * Probes run with PIPECAT_CONFIG_PATH naming a file that does not exist: the CLI reads its file
 * while it starts, and would narrow its mode (doctor only reports) or fail on a broken one (the
 * credentials check reports that).
 */
export function createProbe(env: NodeJS.ProcessEnv, timeoutMs = PROBE_TIMEOUT_MS): Probe {
  const absent = path.join(tmpdir(), `pipecat-tray-doctor-${randomBytes(6).toString('hex')}`, 'none.toml');
  const probeEnv: NodeJS.ProcessEnv = {
    ...env,
    PIPECAT_CONFIG_PATH: absent,
    NO_COLOR: '1',
    TERM: 'dumb',
    PYTHONIOENCODING: 'utf-8',
  };
  return (file, args) =>
    new Promise<ProbeOutcome>((resolve) => {
      const child = execFile(
        file,
        [...args],
        { env: probeEnv, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024, windowsHide: true },
        (error, stdout) => {
          // More output than any --version prints: judged on what arrived.
          if (!error || error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
            return resolve({ kind: 'exited', code: 0, stdout });
          if (error.killed) return resolve({ kind: 'timed-out', afterMs: timeoutMs });
          if (typeof error.code === 'number') return resolve({ kind: 'exited', code: error.code, stdout });
          if (error.signal)
            return resolve({ kind: 'exited', code: 128 + (constants.signals[error.signal] ?? 0), stdout });
          resolve({ kind: 'not-started', reason: String(error.code ?? error.message) });
        },
      );
      // A program waiting for input gets end-of-file instead of the whole timeout.
      child.stdin?.end();
    });
}

/** One file under two names (the same path, or symlinks and hard links to one inode). */
export async function sameFile(a: string, b: string): Promise<boolean> {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const [x, y] = await Promise.all([stat(a), stat(b)]);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}
