/**
 * The lock's uses in one process: turns per key (serialized), and the credentials lock, which is
 * re-entrant within one call chain, makes other chains take turns, and names the file when the
 * lock cannot be made.
 */
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serialized, withCredentialsLock } from '../../main/core/lock/index.js';
import { UserFacingError } from '../../main/core/errors.js';
import { tempFileForEachTest } from './credentials-helpers.js';

let dir: string;
let file: string;
tempFileForEachTest((temp) => ({ dir, file } = temp));

/** A promise and the function that settles it, so a test decides when a task ends. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('serialized', () => {
  it('runs the tasks of one key one at a time, in call order, past a failing one', async () => {
    const events: string[] = [];
    const first = gate();
    const a = serialized('k', async () => {
      events.push('a starts');
      await first.opened;
      events.push('a ends');
      throw new Error('a failed');
    });
    const b = serialized('k', async () => {
      events.push('b runs');
      return 'b';
    });
    const other = serialized('another key', async () => {
      events.push('other key runs');
    });
    await other;
    first.open();
    await expect(a).rejects.toThrow('a failed');
    expect(await b).toBe('b');
    expect(events).toEqual(['a starts', 'other key runs', 'a ends', 'b runs']);
  });
});

describe('withCredentialsLock', () => {
  it('is re-entrant within one chain, and other chains of the process wait their turn', async () => {
    const events: string[] = [];
    const held = gate();
    const outer = withCredentialsLock(file, async () => {
      events.push('outer in');
      await withCredentialsLock(file, async () => events.push('nested in the same chain'));
      await held.opened;
      events.push('outer out');
    });
    const other = withCredentialsLock(file, async () => events.push('another chain'));
    await new Promise((resolve) => setImmediate(resolve));
    held.open();
    await Promise.all([outer, other]);
    expect(events).toEqual(['outer in', 'nested in the same chain', 'outer out', 'another chain']);
    expect(await readdir(dir), 'the lock is gone once released').toEqual([]);
  });

  it('names the credentials file when the lock cannot be made next to it', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    await writeFile(blocker, '');
    const error: unknown = await withCredentialsLock(
      path.join(blocker, 'pipecatcloud.toml'),
      async () => 0,
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as UserFacingError).code).toBe('credentials_unwritable');
    expect((error as UserFacingError).message).toContain(path.join(blocker, 'pipecatcloud.toml'));
  });
});
