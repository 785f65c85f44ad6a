/**
 * `pipecat-tray use-pat` with a credentials path that cannot hold the file: a FIFO (it used to wait
 * for ever) or a file where a folder of the path should be (it used to say `EEXIST`). Each ends at
 * once with one sentence naming the path, and the FIFO is left as it was.
 */
import { execFile } from 'node:child_process';
import { lstat, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { accountActionsSuite } from './account-actions-support.js';

const suite = accountActionsSuite();
const { tray } = suite;
const posixOnly = process.platform === 'win32' ? it.skip : it;

describe('pipecat-tray use-pat, with a credentials path that cannot hold the file', () => {
  posixOnly('a FIFO: one sentence at once, nothing sent, the FIFO left alone', async () => {
    const file = suite.newConfigPath();
    await mkdir(path.dirname(file), { recursive: true });
    await promisify(execFile)('mkfifo', [file]);
    const requests = suite.sandbox.requestLog.length;
    const result = await tray(file, ['use-pat'], { input: `${suite.sandbox.mintPat()}\n` });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`Cannot read ${file}: it is a named pipe (FIFO), not a file.\n`);
    expect(suite.sandbox.requestLog.length).toBe(requests);
    expect((await lstat(file)).isFIFO()).toBe(true);
  });

  it('a file where a folder should be: one sentence naming the path, never a bare EEXIST', async () => {
    const blocker = path.join(path.dirname(suite.newConfigPath()), 'config');
    await mkdir(path.dirname(blocker), { recursive: true });
    await writeFile(blocker, 'I am a file');
    const file = path.join(blocker, 'pipecatcloud', 'pipecatcloud.toml');
    const result = await tray(file, ['use-pat'], { input: `${suite.sandbox.mintPat()}\n` });
    expect(result.code).toBe(1);
    // No folder yet, so no lock: the write itself finds and names the file in the way.
    expect(result.stderr).toBe(`Cannot write ${file}: ${blocker} is a file, not a folder.\n`);
  });
});
