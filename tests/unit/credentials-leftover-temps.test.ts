import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CredentialsStore, DEFAULT_API_HOST } from '../../main/core/credentials/index.js';
import { tempFileForEachTest } from './credentials-helpers.js';

let dir: string;
tempFileForEachTest((temp) => (dir = temp.dir));

describe('CredentialsStore.removeLeftoverTempFiles', () => {
  it("removes only write-file-atomic's temp files of this file, behind the lock", async () => {
    const names = [
      'pipecatcloud.toml',
      'pipecatcloud.toml.3184920117', // ours, left by a killed write
      'pipecatcloud.toml.12',
      'pipecatcloud.toml.12a', // not write-file-atomic's shape
      'pipecatcloud.toml.bak',
      '.pipecatcloud_5f2a9c.tmp', // the CLI's own temp file: not ours
      'other.toml.123',
    ];
    for (const name of names) await writeFile(path.join(dir, name), 'x', { mode: 0o600 });
    const locked: string[] = [];
    const store = new CredentialsStore({
      path: path.join(dir, 'pipecatcloud.toml'),
      apiHost: DEFAULT_API_HOST,
      lock: async (task) => {
        locked.push('lock');
        return task();
      },
    });

    expect(await store.removeLeftoverTempFiles()).toBe(2);
    expect(locked).toEqual(['lock']);
    expect((await readdir(dir)).sort()).toEqual(
      [
        'pipecatcloud.toml',
        'pipecatcloud.toml.12a',
        'pipecatcloud.toml.bak',
        '.pipecatcloud_5f2a9c.tmp',
        'other.toml.123',
      ].sort(),
    );
  });

  it('is a no-op when the folder does not exist', async () => {
    const store = new CredentialsStore({
      path: path.join(dir, 'missing', 'pipecatcloud.toml'),
      apiHost: DEFAULT_API_HOST,
    });
    expect(await store.removeLeftoverTempFiles()).toBe(0);
  });
});
