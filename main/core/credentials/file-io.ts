import { constants } from 'node:fs';
import { mkdir, open, readdir, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { UserFacingError } from '../errors.js';
import { cannotRead, cannotWrite, errnoCode, notARegularFile } from './fs-errors.js';
import { assertCanWrite } from './writable.js';

const FILE_MODE = 0o600;
const FOLDER_MODE = 0o700;
const GROUP_OR_OTHER_BITS = 0o077;

/**
 * The file, read and parsed, or undefined when it does not exist. A file that group or others may
 * access is narrowed to 0600 (as the CLI does on every start) through the same open handle, but
 * only after `parse` accepted it and `holdsSecrets` found something to protect in it: a wrong
 * path (a symlink to a system file, run as root) is never made private. A symlink is followed,
 * for the read, the repair and the write alike, as the CLI follows it.
 */
export async function readPrivateFile<T>(
  file: string,
  parse: (text: string) => T,
  holdsSecrets: (parsed: T) => boolean,
): Promise<T | undefined> {
  let handle;
  try {
    handle = await openForReading(file);
  } catch (err) {
    // ENOTDIR: a folder on the path is a file, so the file cannot exist (checkWritable says why).
    const code = errnoCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw cannotRead(err, file);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw notARegularFile(file, stats);
    const parsed = parse(await handle.readFile('utf8'));
    if (holdsSecrets(parsed)) await repairMode(handle, stats.mode, file);
    return parsed;
  } catch (err) {
    if (err instanceof UserFacingError) throw err;
    throw cannotRead(err, file);
  } finally {
    await handle.close();
  }
}

/**
 * Opens `file` to read without ever waiting: a FIFO opened for reading waits for a writer, for
 * ever, unless O_NONBLOCK (harmless for a regular file). The caller checks what it opened.
 */
export function openForReading(file: string): Promise<FileHandle> {
  const nonBlocking = process.platform === 'win32' ? 0 : constants.O_NONBLOCK;
  return open(file, constants.O_RDONLY | nonBlocking);
}

async function repairMode(handle: FileHandle, mode: number, file: string): Promise<void> {
  // Windows has no POSIX modes; Node reports made-up ones there.
  if (process.platform === 'win32') return;
  if ((mode & GROUP_OR_OTHER_BITS) === 0) return;
  try {
    await handle.chmod(FILE_MODE);
  } catch (err) {
    throw new UserFacingError(
      `${file} is open to other users and could not be made private; run "chmod 600 ${file}".`,
      'credentials_insecure',
      { cause: err },
    );
  }
}

/**
 * Replaces the file atomically (temp file in the same folder, created 0600, fsync, rename), so a
 * crash leaves either the old or the new file, never half of one. Creates the folder 0700 first,
 * like the CLI (only the last folder gets 0700; an existing folder is left as it is).
 */
export async function writePrivateFile(file: string, text: string): Promise<void> {
  try {
    await ensureFolder(path.dirname(file));
    await writeFileAtomic(file, text, { mode: FILE_MODE });
  } catch (err) {
    const code = errnoCode(err);
    // A file where a folder should be: assertCanWrite names the one in the way.
    if (code === 'EEXIST' || code === 'ENOTDIR') await assertCanWrite(file);
    throw cannotWrite(err, file);
  }
}

async function ensureFolder(folder: string): Promise<void> {
  await mkdir(path.dirname(folder), { recursive: true });
  try {
    await mkdir(folder, { mode: FOLDER_MODE });
  } catch (err) {
    if (errnoCode(err) !== 'EEXIST') throw err;
  }
}

/** write-file-atomic's temp files for `file`: `<name>.<murmurhash>` in the same folder. */
function isOurTempFile(file: string, name: string): boolean {
  const base = path.basename(file);
  return name.startsWith(`${base}.`) && /^\d+$/.test(name.slice(base.length + 1));
}

/** The temp files of ours next to `file` right now; undefined when the folder does not exist. */
export async function listOurTempFiles(file: string): Promise<string[] | undefined> {
  const names = await readdir(path.dirname(file)).catch(() => undefined);
  return names?.filter((name) => isOurTempFile(file, name));
}

/**
 * Deletes the temp files a write killed mid-way (SIGKILL, power loss) left next to `file`: they
 * hold credentials. Only safe while holding the app's lock, which every write of ours holds, so
 * none is in progress. The CLI's own temp files (`.pipecatcloud_*.tmp`) are not ours to touch.
 * Returns how many were removed.
 */
export async function removeLeftoverTempFiles(file: string): Promise<number> {
  const names = (await listOurTempFiles(file)) ?? [];
  for (const name of names) await rm(path.join(path.dirname(file), name), { force: true });
  return names.length;
}
