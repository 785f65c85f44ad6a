import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserFacingError } from '../errors.js';
import { cannotWrite, errnoCode } from './fs-errors.js';

/**
 * Checks, without writing anything, that `file` could be written: the nearest existing folder on
 * its path must be a folder this process may write to (it creates the rest). Uses access(2), so
 * the answer follows the kernel's rules for this user (root passes a 0500 folder, as root's
 * writes would; a read-only mount or an immutable folder fails for everyone).
 */
export async function assertCanWrite(file: string): Promise<void> {
  for (let folder = path.dirname(file); ; folder = path.dirname(folder)) {
    let isFolder: boolean;
    try {
      isFolder = (await stat(folder)).isDirectory();
    } catch (err) {
      const code = errnoCode(err);
      const parent = path.dirname(folder);
      if ((code === 'ENOENT' || code === 'ENOTDIR') && parent !== folder) continue;
      throw cannotWrite(err, file, folder);
    }
    if (!isFolder) {
      throw new UserFacingError(
        `Cannot write ${file}: ${folder} is a file, not a folder.`,
        'credentials_unwritable',
      );
    }
    try {
      await access(folder, constants.W_OK | constants.X_OK);
    } catch (err) {
      throw cannotWrite(err, file, folder);
    }
    return;
  }
}
