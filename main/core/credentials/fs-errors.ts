import type { Stats } from 'node:fs';
import path from 'node:path';
import { UserFacingError } from '../errors.js';

export function errnoCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code: unknown = Reflect.get(err, 'code');
  return typeof code === 'string' ? code : undefined;
}

/** Why a file system call failed, in words; `folder` is the folder being written, if writing. */
function reason(code: string | undefined, folder: string | undefined): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return folder === undefined ? 'permission denied' : `the folder ${folder} is read-only`;
    case 'EROFS':
      return folder === undefined ? 'it is on a read-only file system' : `the folder ${folder} is read-only`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `part of ${folder ?? 'its path'} is a file, not a folder`;
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ELOOP':
      return 'its path loops through symbolic links';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full';
    case 'ENAMETOOLONG':
      return 'its path is too long';
    case 'EIO':
      return 'the disk reported an input/output error';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open right now; try again';
    case 'EBUSY':
    case 'EAGAIN':
      return 'it is busy; try again';
    case 'ENXIO':
    case 'ENODEV':
      return 'it is a device that cannot be opened';
    case undefined:
      return 'the system gave no reason';
    default:
      return `the system refused with error ${code}`;
  }
}

/** A failure to read the credentials file, as one sentence for the user. */
export function cannotRead(err: unknown, file: string): UserFacingError {
  return new UserFacingError(
    `Cannot read ${file}: ${reason(errnoCode(err), undefined)}.`,
    'credentials_unreadable',
    {
      cause: err,
    },
  );
}

/**
 * A failure to write the credentials file, as one sentence for the user. `folder` is the folder
 * that could not be written, when known (defaults to the file's own folder).
 */
export function cannotWrite(err: unknown, file: string, folder = path.dirname(file)): UserFacingError {
  return new UserFacingError(
    `Cannot write ${file}: ${reason(errnoCode(err), folder)}.`,
    'credentials_unwritable',
    {
      cause: err,
    },
  );
}

/** What the credentials path is when it is not a regular file: only regular files are read. */
export function notARegularFile(file: string, stats: Stats): UserFacingError {
  const what = stats.isDirectory()
    ? 'a folder'
    : stats.isFIFO()
      ? 'a named pipe (FIFO)'
      : stats.isCharacterDevice() || stats.isBlockDevice()
        ? 'a device'
        : stats.isSocket()
          ? 'a socket'
          : 'something other than a file';
  return new UserFacingError(`Cannot read ${file}: it is ${what}, not a file.`, 'credentials_unreadable');
}
