import { describe, expect, it } from 'vitest';
import { cannotRead, cannotWrite } from '../../main/core/credentials/fs-errors.js';

const errno = (code: string) => Object.assign(new Error(code), { code });

describe('cannotWrite', () => {
  it.each([
    ['EACCES', 'Cannot write /x/y/f.toml: the folder /x/y is read-only.'],
    ['EPERM', 'Cannot write /x/y/f.toml: the folder /x/y is read-only.'],
    ['EROFS', 'Cannot write /x/y/f.toml: the folder /x/y is read-only.'],
    ['ENOTDIR', 'Cannot write /x/y/f.toml: part of /x/y is a file, not a folder.'],
    ['EISDIR', 'Cannot write /x/y/f.toml: it is a folder, not a file.'],
    ['ENOSPC', 'Cannot write /x/y/f.toml: the disk is full.'],
    ['EIO', 'Cannot write /x/y/f.toml: the disk reported an input/output error.'],
  ])('%s', (code, message) => {
    const error = cannotWrite(errno(code), '/x/y/f.toml');
    expect(error.message).toBe(message);
    expect(error.code).toBe('credentials_unwritable');
  });

  it('names the folder it is given', () => {
    expect(cannotWrite(errno('EACCES'), '/x/y/f.toml', '/x').message).toBe(
      'Cannot write /x/y/f.toml: the folder /x is read-only.',
    );
  });
});

describe('cannotRead', () => {
  it.each([
    ['EACCES', 'Cannot read /x/f.toml: permission denied.'],
    ['EISDIR', 'Cannot read /x/f.toml: it is a folder, not a file.'],
    ['EIO', 'Cannot read /x/f.toml: the disk reported an input/output error.'],
  ])('%s', (code, message) => {
    const error = cannotRead(errno(code), '/x/f.toml');
    expect(error.message).toBe(message);
    expect(error.code).toBe('credentials_unreadable');
  });
});
