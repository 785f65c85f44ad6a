/**
 * The app's file lock (main/core/lock) between real processes: a holder killed with SIGKILL is
 * replaced at once, a live one is waited for, an unknown or remote holder is never judged dead,
 * and many processes taking over one dead holder's lock together still hold it one at a time.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  acquireFileLock,
  LockHeldError,
  lockOwnerPath,
  readLockOwner,
  type FileLockOptions,
} from '../main/core/lock/index.js';
import { startLockHolder as startHolder } from './support/lock-holder-process.js';

const NOW: FileLockOptions = { waitMs: 0, staleMs: 20_000, updateMs: 5_000, onCompromised: () => undefined };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pipecat-tray-lock-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

let counter = 0;
async function freshLock(): Promise<string> {
  counter += 1;
  const folder = path.join(dir, `case-${counter}`);
  await mkdir(folder, { recursive: true });
  return path.join(folder, '.pipecat-tray.lock');
}

/** A lock directory as a holder would have left it. */
async function plantLock(lockPath: string, owner?: Record<string, unknown>): Promise<void> {
  await mkdir(lockPath);
  if (owner) await writeFile(lockOwnerPath(lockPath), JSON.stringify(owner));
}

async function lockedBy(lockPath: string): Promise<LockHeldError> {
  const error: unknown = await acquireFileLock(lockPath, NOW).then(
    () => new Error('the lock was taken'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(LockHeldError);
  return error as LockHeldError;
}

describe('owned lock', () => {
  it('a holder killed with SIGKILL is replaced at once, without waiting for staleness', async () => {
    const lockPath = await freshLock();
    const holder = startHolder('hold', lockPath);
    expect(await holder.firstLine).toBe(`held ${holder.pid}`);
    expect((await lockedBy(lockPath)).holderPid).toBe(holder.pid);

    holder.kill('SIGKILL');
    expect((await holder.exited).signal).toBe('SIGKILL');
    expect((await readLockOwner(lockPath))?.pid, 'the dead holder left its lock').toBe(holder.pid);

    const release = await acquireFileLock(lockPath, NOW);
    expect((await readLockOwner(lockPath))?.pid).toBe(process.pid);
    await release();
    expect(await readdir(path.dirname(lockPath))).not.toContain('.pipecat-tray.lock');
  });

  it('a holder keeps it past its update interval (the owner file does not look like a takeover)', async () => {
    const lockPath = await freshLock();
    const lost: Error[] = [];
    const release = await acquireFileLock(lockPath, {
      ...NOW,
      staleMs: 2_000,
      updateMs: 1_000,
      onCompromised: (error) => lost.push(error),
    });
    const taken = (await stat(lockPath)).mtimeMs;
    // The holder either refreshes the mtime (held) or reports the lock compromised (lost).
    await vi.waitUntil(async () => lost.length > 0 || (await stat(lockPath)).mtimeMs !== taken, {
      timeout: 10_000,
      interval: 50,
    });
    expect(lost.map((error) => error.message)).toEqual([]);
    expect((await readLockOwner(lockPath))?.pid).toBe(process.pid);
    await release();
  });

  it('a lock naming our own pid but not one of our acquisitions is a dead holder (pid reuse)', async () => {
    const lockPath = await freshLock();
    await plantLock(lockPath, { pid: process.pid, host: hostname(), nonce: 'from-a-previous-life' });
    const release = await acquireFileLock(lockPath, NOW);
    await release();
  });

  it('a holder on another machine (shared folder) is never judged dead by its pid', async () => {
    const lockPath = await freshLock();
    await plantLock(lockPath, { pid: 2 ** 22 + 7, host: `not-${hostname()}`, nonce: 'remote' });
    expect((await lockedBy(lockPath)).holderPid).toBe(2 ** 22 + 7);
  });

  it('a lock without an owner file is waited for while fresh and taken over once abandoned', async () => {
    const lockPath = await freshLock();
    await plantLock(lockPath);
    expect((await lockedBy(lockPath)).holderPid).toBeUndefined();

    const longAgo = new Date(Date.now() - 10_000);
    await utimes(lockPath, longAgo, longAgo);
    const release = await acquireFileLock(lockPath, NOW);
    await release();
  });

  it('processes taking over one dead holder together still hold the lock one at a time', async () => {
    const lockPath = await freshLock();
    const dead = startHolder('hold', lockPath);
    await dead.firstLine;
    dead.kill('SIGKILL');
    await dead.exited;

    const counterFile = path.join(path.dirname(lockPath), 'counter');
    const workers = Array.from({ length: 4 }, () => startHolder('count', lockPath, counterFile, '40'));
    const results = await Promise.all(workers.map((worker) => worker.exited));
    expect(results.map(({ code, stderr }) => `${code} ${stderr}`)).toEqual(Array(4).fill('0 '));
    expect(Number(await readFile(counterFile, 'utf8')), 'no lost update: never two holders').toBe(160);

    // The takeover's tombstone and every ticket are gone with the operations that made them (issue 11).
    expect(await readdir(path.dirname(lockPath))).toEqual(['counter']);
  });

  it('holders that die holding it, one after another, are each taken over by exactly one waiter', async () => {
    const lockPath = await freshLock();
    const counterFile = path.join(path.dirname(lockPath), 'counter');
    const lane = async (): Promise<string[]> => {
      const outcomes: string[] = [];
      for (let i = 0; i < 12; i += 1) {
        const { code, signal, stderr } = await startHolder('die', lockPath, counterFile).exited;
        outcomes.push(`${code ?? signal} ${stderr}`);
      }
      return outcomes;
    };
    const outcomes = (await Promise.all([lane(), lane(), lane(), lane()])).flat();
    expect(outcomes, 'each took the lock alone and died holding it').toEqual(Array(48).fill('SIGKILL '));
    expect(Number(await readFile(counterFile, 'utf8'))).toBe(48);
  });
});
