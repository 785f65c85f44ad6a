import { watch } from 'node:fs';
import {
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  rmdir,
  stat,
  unlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { errnoCode } from '../credentials/fs-errors.js';
import { hostname } from 'node:os';
import { isProcessAlive } from '../process-alive.js';
import type { Clock } from '../session/clock.js';
import type { LockFs, LockSeams } from './seams.js';

const nodeFs: LockFs = {
  ensureFolder: async (folder) => {
    await mkdir(folder, { recursive: true, mode: 0o700 });
  },
  createFolder: async (folder) => {
    await mkdir(folder, { mode: 0o700 });
  },
  createFile: (file, text) => writeFile(file, text, { flag: 'wx', mode: 0o600 }),
  readText: (file) => readFile(file, 'utf8'),
  list: (folder) => readdir(folder),
  mtimeMs: async (target) => (await stat(target)).mtimeMs,
  touch: (target, ms) => utimes(target, ms / 1000, ms / 1000),
  rename: (from, to) => rename(from, to),
  remove: (target) => rm(target, { recursive: true, force: true }),
  removeFile: (file) =>
    unlink(file).catch((error: unknown) => {
      if (errnoCode(error) !== 'ENOENT') throw error;
    }),
  removeEmptyFolder: (folder) => rmdir(folder),
  watch: (folder, onChange) => {
    try {
      const watcher = watch(folder, { persistent: false }, (_event, name) => onChange(name ?? undefined));
      watcher.on('error', () => undefined);
      return () => watcher.close();
    } catch {
      return () => undefined;
    }
  },
};

/**
 * Unlike the app's systemClock, these timers keep Node running: a process waiting for a lock (or
 * holding one, until it releases it) has not finished.
 */
const keepingAliveClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => ({ id: setTimeout(callback, Math.max(0, ms)) }),
  clearTimeout: (handle) => clearTimeout(handle.id as NodeJS.Timeout),
};

export function nodeLockSeams(): LockSeams {
  return {
    clock: keepingAliveClock,
    random: Math.random,
    fs: nodeFs,
    pid: process.pid,
    host: hostname(),
    isProcessAlive,
  };
}
