/**
 * `npm start`'s launcher (scripts/start.js), without Electron: ELECTRON_OVERRIDE_DIST_PATH (read by
 * the electron package itself) points it at a missing binary, or at a stand-in that reports how
 * it was started.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const START = path.join(REPO, 'scripts', 'start.js');

function start(env: NodeJS.ProcessEnv, args: string[] = []) {
  return spawnSync(process.execPath, [START, ...args], { cwd: REPO, env, encoding: 'utf8', timeout: 30_000 });
}

describe('scripts/start.js', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tray-start-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says in one sentence that the Electron binary is missing, and exits non-zero', () => {
    const result = start({ ...process.env, ELECTRON_OVERRIDE_DIST_PATH: path.join(dir, 'nowhere') });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      "Electron's binary is not installed (it downloads from GitHub): run the terminal command " +
        '`npx pipecat-tray` instead, or reinstall with network access.',
    ]);
  });

  it.skipIf(process.platform === 'win32')(
    'starts Electron with this checkout as the app, passes arguments through, and its exit code back',
    async () => {
      // The electron package names its binary by path.txt, or "electron" when that is missing.
      const fakeDist = path.join(dir, 'dist');
      const pathTxt = path.join(REPO, 'node_modules', 'electron', 'path.txt');
      const name = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : 'electron';
      const binary = path.join(fakeDist, name);
      await mkdir(path.dirname(binary), { recursive: true });
      await writeFile(
        binary,
        '#!/bin/sh\necho "args:$*"\necho "run-as-node:${ELECTRON_RUN_AS_NODE:-unset}"\nexit 3\n',
      );
      await chmod(binary, 0o755);

      const result = start(
        { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: fakeDist, ELECTRON_RUN_AS_NODE: '1' },
        ['--sandbox'],
      );
      expect(result.status).toBe(3);
      expect(result.stdout).toContain(
        `args:${path.join(REPO, 'dist', 'sandbox', 'entries', 'tray.js')} --sandbox`,
      );
      expect(result.stdout).toContain('run-as-node:unset');

      const shipped = start({ ...process.env, ELECTRON_OVERRIDE_DIST_PATH: fakeDist }, ['--hidden']);
      expect(shipped.stdout).toContain(`args:${REPO} --hidden`);
    },
  );
});
