import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CredentialsStore,
  DEFAULT_API_HOST,
  type StoredCredentials,
} from '../../main/core/credentials/index.js';
import { UserFacingError } from '../../main/core/errors.js';
import { copyFixture, makeFolderReadOnly, STAGING, tempFileForEachTest } from './credentials-helpers.js';

const CREDS: StoredCredentials = {
  token: 'A',
  refreshToken: 'R',
  tokenExpiresAt: 1800000000.25,
  org: 'acme',
};
const BROKEN = 'token = "SECRET-IN-BROKEN-FILE"\nrefresh_token = "x\n\n[acme]\n';
const modeOf = async (p: string) => (await stat(p)).mode & 0o777;
const posixOnly = process.platform === 'win32' ? it.skip : it;

let dir: string;
let file: string;
tempFileForEachTest((temp) => ({ dir, file } = temp));

describe('a file that does not parse', () => {
  const operations: [string, (store: CredentialsStore) => Promise<unknown>][] = [
    ['write', (store) => store.write(CREDS)],
    ['clear', (store) => store.clear()],
    ['setOrg', (store) => store.setOrg('other')],
    ['read', (store) => store.read()],
    ['checkWritable', (store) => store.checkWritable()],
  ];

  it.each(operations)('%s refuses it, names it, and leaves it byte for byte', async (_name, operation) => {
    await writeFile(file, BROKEN, { mode: 0o600 });
    const error: unknown = await operation(
      new CredentialsStore({ path: file, apiHost: DEFAULT_API_HOST }),
    ).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error).toMatchObject({ code: 'credentials_unparseable' });
    const { message } = error as UserFacingError;
    expect(message).toMatch(
      new RegExp(`^${file.replaceAll('.', '\\.')} is not valid TOML \\(line 2, column \\d+: `),
    );
    expect(message).not.toContain('SECRET');
    expect(await readFile(file, 'utf8')).toBe(BROKEN);
    expect(await readdir(dir)).toEqual(['pipecatcloud.toml']);
  });
});

describe('file and folder modes', () => {
  posixOnly('a new file is 0600 in a new 0700 folder', async () => {
    const nested = path.join(dir, 'home', '.config', 'pipecatcloud', 'pipecatcloud.toml');
    await new CredentialsStore({ path: nested, apiHost: DEFAULT_API_HOST }).write(CREDS);
    expect(await modeOf(nested)).toBe(0o600);
    expect(await modeOf(path.dirname(nested))).toBe(0o700);
  });

  posixOnly.each(['644', '640', '604', '660', '707'])('read repairs a %s file to 0600', async (mode) => {
    await copyFixture('oauth-login.toml', file);
    await chmod(file, parseInt(mode, 8));
    await new CredentialsStore({ path: file, apiHost: DEFAULT_API_HOST }).read();
    expect(await modeOf(file)).toBe(0o600);
  });

  posixOnly('read leaves a private file (0400) as it is, like the CLI', async () => {
    await copyFixture('oauth-login.toml', file);
    await chmod(file, 0o400);
    await new CredentialsStore({ path: file, apiHost: DEFAULT_API_HOST }).read();
    expect(await modeOf(file)).toBe(0o400);
  });

  posixOnly('a write over a 0644 file leaves 0600', async () => {
    await copyFixture('oauth-login.toml', file);
    await chmod(file, 0o644);
    await new CredentialsStore({ path: file, apiHost: STAGING }).write(CREDS);
    expect(await modeOf(file)).toBe(0o600);
  });

  posixOnly('leaves an existing folder mode alone, like the CLI', async () => {
    await chmod(dir, 0o755);
    await new CredentialsStore({ path: file, apiHost: DEFAULT_API_HOST }).write(CREDS);
    expect(await modeOf(dir)).toBe(0o755);
  });
});

describe('atomic replacement', () => {
  it('replaces the file (a new inode) and leaves no temp file behind', async () => {
    await copyFixture('oauth-login.toml', file);
    const before = await stat(file);
    await new CredentialsStore({ path: file, apiHost: DEFAULT_API_HOST }).write(CREDS);
    expect((await stat(file)).ino).not.toBe(before.ino);
    expect(await readdir(dir)).toEqual(['pipecatcloud.toml']);
  });
});

describe('checkWritable and unwritable places', () => {
  it('passes for a missing file in a missing folder and creates nothing', async () => {
    const nested = path.join(dir, 'a', 'b', 'pipecatcloud.toml');
    await new CredentialsStore({ path: nested, apiHost: DEFAULT_API_HOST }).checkWritable();
    expect(await readdir(dir)).toEqual([]);
  });

  it('passes for an existing, valid file', async () => {
    await copyFixture('environments.toml', file);
    await expect(
      new CredentialsStore({ path: file, apiHost: STAGING }).checkWritable(),
    ).resolves.toBeUndefined();
  });

  // Works for root too: no permission bit is involved, the path simply cannot exist.
  it('fails clearly when part of the path is a file', async () => {
    const notAFolder = path.join(dir, 'config');
    await writeFile(notAFolder, 'I am a file');
    const target = path.join(notAFolder, 'pipecatcloud', 'pipecatcloud.toml');
    const store = new CredentialsStore({ path: target, apiHost: DEFAULT_API_HOST });

    await expect(store.checkWritable()).rejects.toMatchObject({
      code: 'credentials_unwritable',
      message: `Cannot write ${target}: ${notAFolder} is a file, not a folder.`,
    });
    await expect(store.write(CREDS)).rejects.toMatchObject({ code: 'credentials_unwritable' });
    expect(await readFile(notAFolder, 'utf8')).toBe('I am a file');
  });

  // As root a 0500 folder is writable (and the store rightly says so), so the helper uses the
  // immutable attribute there, which the kernel enforces for root too; as any other user, chmod.
  it('fails clearly when the folder is read-only, before and during a write', async (context) => {
    const folder = path.join(dir, 'pipecatcloud');
    await mkdir(folder, { mode: 0o700 });
    const target = path.join(folder, 'pipecatcloud.toml');
    const original = await copyFixture('org-with-keys.toml', target);
    const readOnly = await makeFolderReadOnly(folder);
    if (!readOnly) {
      context.skip('cannot make a folder read-only for root here (no chattr support)');
      return;
    }
    try {
      const store = new CredentialsStore({ path: target, apiHost: DEFAULT_API_HOST });
      const expected = {
        code: 'credentials_unwritable',
        message: `Cannot write ${target}: the folder ${folder} is read-only.`,
      };
      await expect(store.checkWritable()).rejects.toMatchObject(expected);
      await expect(store.write(CREDS)).rejects.toMatchObject(expected);
      expect(await readFile(target, 'utf8')).toBe(original);
    } finally {
      await readOnly.restore();
    }
  });
});
