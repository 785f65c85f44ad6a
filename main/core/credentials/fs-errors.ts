import path from 'node:path';
import { UserFacingError } from '../errors.js';

export function errnoCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code: unknown = Reflect.get(err, 'code');
  return typeof code === 'string' ? code : undefined;
}

/** A failure to read the credentials file, as one sentence for the user. */
export function cannotRead(err: unknown, file: string): UserFacingError {
  const code = errnoCode(err);
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EISDIR'
        ? 'it is a folder, not a file'
        : (code ?? 'unexpected error');
  return new UserFacingError(`Cannot read ${file}: ${why}.`, 'credentials_unreadable', { cause: err });
}

/**
 * A failure to write the credentials file, as one sentence for the user. `folder` is the folder
 * that could not be written, when known (defaults to the file's own folder).
 */
export function cannotWrite(err: unknown, file: string, folder = path.dirname(file)): UserFacingError {
  const code = errnoCode(err);
  let why: string;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      why = `the folder ${folder} is read-only`;
      break;
    case 'ENOTDIR':
      why = `part of ${folder} is a file, not a folder`;
      break;
    case 'EISDIR':
      why = 'it is a folder, not a file';
      break;
    case 'ENOSPC':
    case 'EDQUOT':
      why = 'the disk is full';
      break;
    default:
      why = code ?? 'unexpected error';
  }
  return new UserFacingError(`Cannot write ${file}: ${why}.`, 'credentials_unwritable', { cause: err });
}
