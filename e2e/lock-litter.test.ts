/**
 * Issue 11: nothing the app creates in the credentials folder outlives the operation that made
 * it, whatever killed it, beyond the next run's start. Holders and waiters of the app's locks are
 * SIGKILLed (a holder taking over the previous dead one each time, a daemon, a waiter in line),
 * then one normal run (`pipecat-tray daemon`, started and stopped) must leave the folder holding
 * the credentials file only. (A full disk is covered on the in-memory disk: tests/unit/file-lock.)
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { startLockHolder } from './support/lock-holder-process.js';

/** Never contacted: there are no credentials for it in the file, so the daemon only follows the file. */
const API_HOST = 'https://api.lock-litter.invalid';
const FILE = 'pipecatcloud.toml';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pipecat-tray-litter-'));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function credentialsFolder(name: string): Promise<{ folder: string; configPath: string }> {
  const folder = path.join(root, name, 'pipecatcloud');
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const configPath = path.join(folder, FILE);
  const fixture = await readFile(path.resolve('tests/fixtures/cli/org-with-keys.toml'), 'utf8');
  await writeFile(configPath, fixture, { mode: 0o600 });
  return { folder, configPath };
}

function daemon(configPath: string): Promise<DaemonProcess> {
  return startDaemonProcess({ apiHost: API_HOST, configPath, caFile: '' });
}

/** A normal run: a daemon that starts, sees no session for its host, and is stopped. */
async function normalRun(configPath: string): Promise<void> {
  const run = await daemon(configPath);
  await run.waitForLine(/^signed out of /);
  expect(await run.stop('SIGTERM')).toBe(0);
}

describe('lock litter (issue 11)', () => {
  it('holders SIGKILLed one after another and a SIGKILLed daemon leave nothing after the next run', async () => {
    const { folder, configPath } = await credentialsFolder('killed-holders');
    const lock = path.join(folder, '.pipecat-tray.lock');
    const counter = path.join(root, 'killed-holders', 'counter');
    // Each takes the lock (the first fresh, the others from the previous dead holder) and dies holding it.
    for (let i = 0; i < 4; i += 1) {
      expect((await startLockHolder('die', lock, counter).exited).signal).toBe('SIGKILL');
    }
    const killed = await daemon(configPath);
    await killed.waitForLine(/^signed out of /);
    expect(await killed.stop('SIGKILL')).toBe(137);
    expect(await readdir(folder), 'the kills left something to clean').not.toEqual([FILE]);

    await normalRun(configPath);
    expect(await readdir(folder)).toEqual([FILE]);
  });

  it('a waiter SIGKILLed in line leaves nothing after the next run', async () => {
    const { folder, configPath } = await credentialsFolder('killed-waiter');
    const lock = path.join(folder, '.pipecat-tray.lock');
    const holder = startLockHolder('hold', lock);
    await holder.firstLine;
    const waiter = startLockHolder('count', lock, path.join(root, 'killed-waiter', 'counter'), '1');
    // Its ticket in the line is the file next to the lock it creates while it waits.
    await vi.waitUntil(async () => (await readdir(folder)).some((name) => name.includes('.lock.wait-')), {
      timeout: 10_000,
      interval: 20,
    });
    waiter.kill('SIGKILL');
    holder.kill('SIGKILL');
    await Promise.all([waiter.exited, holder.exited]);

    await normalRun(configPath);
    expect(await readdir(folder)).toEqual([FILE]);
  });
});
