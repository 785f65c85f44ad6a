/**
 * What the credentials path may turn out to be besides a regular file: a FIFO (opening one for
 * reading waits for a writer, for ever), a device, a folder, a symlink loop, or a path through a
 * file. Only regular files are read, nothing ever blocks, and every failure is one sentence.
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { open, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { cannotRead, cannotWrite } from '../../main/core/credentials/fs-errors.js';
import { CredentialsStore, DEFAULT_API_HOST } from '../../main/core/credentials/index.js';
import { checkCredentialsFile } from '../../main/core/doctor/credentials-file.js';
import { tempFileForEachTest } from './credentials-helpers.js';

const posixOnly = process.platform === 'win32' ? it.skip : it;
const CREDS = { token: 'A', refreshToken: 'R', tokenExpiresAt: 1 };

let dir: string;
let file: string;
tempFileForEachTest((temp) => ({ dir, file } = temp));

const fifos: string[] = [];
afterEach(async () => {
  // A reader the code under test left blocked in open() is released by a writer showing up.
  for (const fifo of fifos.splice(0)) {
    await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK).then(
      (handle) => handle.close(),
      () => undefined,
    );
  }
});

async function makeFifo(at: string): Promise<string> {
  await promisify(execFile)('mkfifo', [at]);
  fifos.push(at);
  return at;
}

const store = (at: string): CredentialsStore => new CredentialsStore({ path: at, apiHost: DEFAULT_API_HOST });

describe('a credentials path that is not a regular file', () => {
  posixOnly('a FIFO: refused at once, never waited on', async () => {
    await makeFifo(file);
    await expect(store(file).read()).rejects.toMatchObject({
      code: 'credentials_unreadable',
      message: `Cannot read ${file}: it is a named pipe (FIFO), not a file.`,
    });
    await expect(store(file).write(CREDS)).rejects.toMatchObject({ code: 'credentials_unreadable' });
  });

  posixOnly('a FIFO: doctor reports it, without waiting', async () => {
    await makeFifo(file);
    const results = await checkCredentialsFile({ path: file, apiHost: DEFAULT_API_HOST });
    expect(results).toEqual([
      expect.objectContaining({
        verdict: 'fail',
        detail: `Cannot read ${file}: it is a named pipe (FIFO), not a file.`,
      }),
    ]);
  });

  posixOnly('a device: refused', async () => {
    await expect(store('/dev/null').read()).rejects.toMatchObject({
      message: 'Cannot read /dev/null: it is a device, not a file.',
    });
  });

  it('a folder: refused', async () => {
    await expect(store(dir).read()).rejects.toMatchObject({
      message: `Cannot read ${dir}: it is a folder, not a file.`,
    });
  });

  posixOnly('a symbolic link loop: one sentence', async () => {
    await symlink(file, file);
    await expect(store(file).read()).rejects.toMatchObject({
      message: `Cannot read ${file}: its path loops through symbolic links.`,
    });
  });

  it('a file where a folder of its path should be: one sentence naming that file', async () => {
    const blocker = path.join(dir, 'config');
    await writeFile(blocker, 'I am a file');
    for (const target of [
      path.join(blocker, 'pipecatcloud.toml'),
      path.join(blocker, 'pipecatcloud', 'pipecatcloud.toml'),
    ]) {
      await expect(store(target).write(CREDS)).rejects.toMatchObject({
        code: 'credentials_unwritable',
        message: `Cannot write ${target}: ${blocker} is a file, not a folder.`,
      });
    }
  });
});

describe('every file system error is a sentence', () => {
  const codes = ['EEXIST', 'ENOTDIR', 'EISDIR', 'ELOOP', 'EACCES', 'EPERM', 'ENOSPC', 'EDQUOT', 'EROFS'];
  const more = ['ENAMETOOLONG', 'EIO', 'EMFILE', 'ENFILE', 'EBUSY', 'ENXIO', 'EAGAIN', 'ESOMETHINGNEW'];
  const errno = (code: string): Error => Object.assign(new Error(code), { code });

  it.each([...codes, ...more])('%s, reading and writing', (code) => {
    for (const error of [cannotRead(errno(code), '/x/f.toml'), cannotWrite(errno(code), '/x/f.toml')]) {
      expect(error.message).toMatch(/^Cannot (read|write) \/x\/f\.toml: [a-z][^:]*\.$/);
      expect(error.message).not.toMatch(/: E[A-Z]+\.$/);
    }
  });

  it('an error without a code', () => {
    expect(cannotRead(new Error('x'), '/x/f.toml').message).toBe(
      'Cannot read /x/f.toml: the system gave no reason.',
    );
  });
});
