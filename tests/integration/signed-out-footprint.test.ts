/**
 * A user who never signed in runs a command: nothing appears in their home. (The lock lives in
 * the credentials folder; without a file there is nothing to lock, so no folder is made for it.)
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/pipecat-tray.js');

describe('signed-out commands', () => {
  let home: string;

  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'tray-footprint-'));
  });

  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it.each([['orgs'], ['refresh'], ['logout'], ['status'], ['token']])(
    '%s creates no ~/.config/pipecatcloud/',
    async (command) => {
      const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
      delete env['PIPECAT_CONFIG_PATH'];
      delete env['PIPECAT_API_HOST'];
      const exitCode = await new Promise<number>((resolve) => {
        execFile(process.execPath, [BIN, command], { env }, (error) =>
          resolve(error ? Number(error.code) : 0),
        );
      });
      expect(exitCode).toBeGreaterThan(0);
      expect(existsSync(path.join(home, '.config', 'pipecatcloud'))).toBe(false);
      expect(await readdir(home)).toEqual([]);
    },
  );
});
