import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  readRunningSandbox,
  removeSandboxState,
  sandboxStatePath,
  writeSandboxState,
} from '../../sandbox/state-file.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sandbox-state-test-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  if (child.pid === undefined) throw new Error('no pid');
  return child.pid;
}

describe('sandbox state file', () => {
  it('lives in XDG_RUNTIME_DIR, else in ~/.cache/pipecat-tray', () => {
    expect(sandboxStatePath({ XDG_RUNTIME_DIR: '/run/user/1000' }, '/home/me')).toBe(
      '/run/user/1000/pipecat-tray-sandbox.json',
    );
    expect(sandboxStatePath({}, '/home/me')).toBe('/home/me/.cache/pipecat-tray/sandbox.json');
  });

  it('describes a running sandbox only while its process lives and its CA file exists', async () => {
    const path = join(dir, 'nested', 'sandbox.json');
    const caFile = join(dir, 'state-test-ca.pem');
    const state = { apiHost: 'https://127.0.0.1:8443', caFile, pid: process.pid };
    await writeSandboxState(state, path);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readRunningSandbox(path)).toBeUndefined();
    await writeSandboxState(state, caFile);
    expect(await readRunningSandbox(path)).toEqual(state);
    await writeSandboxState({ ...state, pid: await deadPid() }, path);
    expect(await readRunningSandbox(path)).toBeUndefined();
  });

  it('ignores missing or malformed files', async () => {
    expect(await readRunningSandbox(join(dir, 'missing.json'))).toBeUndefined();
    const path = join(dir, 'bad.json');
    await writeSandboxState({ apiHost: 'x', caFile: 'y', pid: -1 }, path);
    expect(await readRunningSandbox(path)).toBeUndefined();
  });

  it('is removed only by the process it describes', async () => {
    const path = join(dir, 'owned.json');
    await writeSandboxState({ apiHost: 'https://127.0.0.1:1', caFile: path, pid: process.pid }, path);
    await removeSandboxState(process.pid + 1, path);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ pid: process.pid });
    await removeSandboxState(process.pid, path);
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
