/**
 * The terminal command as strangers install it: `npm pack` (the `files` list decides what ships),
 * the tarball installed into an empty global prefix from the registry, then run from there.
 * Needs `npm run build` first (npm test builds before it runs the suites).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface PackResult {
  filename: string;
  entryCount: number;
  files: { path: string }[];
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

describe('the npm package', () => {
  let dir: string;
  let pack: PackResult;
  let bin: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tray-package-'));
    // --ignore-scripts: pack the dist/ the suite was built with instead of building again.
    const packed = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
      cwd: REPO,
    });
    const results = JSON.parse(packed.stdout) as PackResult[];
    if (!results[0]) throw new Error('npm pack reported no package');
    pack = results[0];
    const prefix = path.join(dir, 'prefix');
    await run(
      'npm',
      ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', path.join(dir, pack.filename)],
      { cwd: dir },
    );
    bin = path.join(prefix, 'bin', 'pipecat-tray');
  }, 300_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function tray(args: string[]): Promise<RunResult> {
    const home = path.join(dir, 'home');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
      PIPECAT_CONFIG_PATH: path.join(home, 'pipecatcloud.toml'),
    };
    delete env['PIPECAT_API_HOST'];
    try {
      const { stdout, stderr } = await run(bin, args, { cwd: dir, env });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  it('holds only what runs: the command, the built app and the Electron fetch step', () => {
    const tops = new Set(pack.files.map((file) => file.path.split('/').slice(0, 2).join('/')));
    expect([...tops].sort()).toEqual([
      'README.md',
      'bin/pipecat-tray.js',
      'dist/main',
      'dist/preload',
      'dist/renderer',
      'package.json',
      'scripts/install-electron.js',
    ]);
    expect(pack.files.filter((file) => /\.(map|d\.ts)$|\.test\.|sandbox\//.test(file.path))).toEqual([]);
  });

  it('runs --help from the global prefix', async () => {
    const result = await tray(['--help']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Usage: pipecat-tray <command>/);
  });

  it('runs status --json: signed out, exit 1, one JSON document', async () => {
    const result = await tray(['status', '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      signedIn: false,
      apiHost: 'https://api.pipecat.daily.co',
      configPath: path.join(dir, 'home', 'pipecatcloud.toml'),
    });
  });

  it('says in one sentence that the sandbox is not included', async () => {
    const result = await tray(['status', '--sandbox']);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'The local identity server (--sandbox) is not included in this build; it runs from a source checkout (npm install, then npm run sandbox).\n',
    });
  });
});
