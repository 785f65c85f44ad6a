import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProbe, findOnPath, sameFile } from '../../main/core/doctor/cli-probe.js';

let dir: string;

async function script(relative: string, body: string, mode = 0o755): Promise<string> {
  const file = path.join(dir, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, mode);
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'doctor-cli-probe-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('findOnPath', () => {
  it('finds the first executable file in PATH order, as the shell would', async () => {
    const first = await script('a/pipecat', 'exit 0');
    await script('b/pipecat', 'exit 0');
    await mkdir(path.join(dir, 'c', 'pc'), { recursive: true });
    await script('d/pc', 'exit 0', 0o644);
    const PATH = ['/nonexistent', path.join(dir, 'c'), path.join(dir, 'a'), path.join(dir, 'b')].join(
      path.delimiter,
    );
    expect(await findOnPath('pipecat', { PATH }, 'linux')).toBe(first);
    // A folder and (unless root, who may run anything) a non-executable file are not commands.
    expect(await findOnPath('pc', { PATH }, 'linux')).toBeUndefined();
    if (process.getuid?.() !== 0)
      expect(await findOnPath('pc', { PATH: path.join(dir, 'd') }, 'linux')).toBeUndefined();
    expect(await findOnPath('pipecat', {}, 'linux')).toBeUndefined();
  });
});

describe.skipIf(process.platform === 'win32')('createProbe', () => {
  it('collects stdout and the exit code', async () => {
    const probe = createProbe({ PATH: process.env['PATH'] });
    const ok = await script('probe/ok', 'echo "version $1"');
    const failing = await script('probe/failing', 'echo partial; exit 3');
    expect(await probe(ok, ['--version'])).toEqual({
      kind: 'exited',
      code: 0,
      stdout: 'version --version\n',
    });
    expect(await probe(failing, [])).toEqual({ kind: 'exited', code: 3, stdout: 'partial\n' });
    expect(await probe(path.join(dir, 'probe', 'missing'), [])).toEqual({
      kind: 'not-started',
      reason: 'ENOENT',
    });
  });

  it('kills a program that does not answer in time', async () => {
    const hangs = await script('probe/hangs', 'exec sleep 600');
    const started = Date.now();
    expect(await createProbe({ PATH: process.env['PATH'] }, 300)(hangs, [])).toEqual({
      kind: 'timed-out',
      afterMs: 300,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('gives the program end-of-file on stdin instead of waiting for input', async () => {
    const reads = await script('probe/reads', 'cat; echo done');
    expect(await createProbe({ PATH: process.env['PATH'] }, 5_000)(reads, [])).toEqual({
      kind: 'exited',
      code: 0,
      stdout: 'done\n',
    });
  });

  it('keeps the user’s credentials file out of the program’s reach', async () => {
    const shows = await script('probe/shows', 'echo "$PIPECAT_CONFIG_PATH"; test -e "$PIPECAT_CONFIG_PATH"');
    const outcome = await createProbe({ PATH: process.env['PATH'], PIPECAT_CONFIG_PATH: '/home/ada/p.toml' })(
      shows,
      [],
    );
    expect(outcome).toMatchObject({ kind: 'exited', code: 1 });
    const shown = outcome.kind === 'exited' ? outcome.stdout.trim() : '';
    expect(shown).not.toBe('/home/ada/p.toml');
    expect(path.isAbsolute(shown)).toBe(true);
  });
});

describe.skipIf(process.platform === 'win32')('sameFile', () => {
  it('knows one file under two names, and two files apart', async () => {
    const file = path.join(dir, 'same', 'pipecatcloud.toml');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, '');
    await symlink(path.dirname(file), path.join(dir, 'linked'));
    expect(await sameFile(file, path.join(dir, 'same', '..', 'same', 'pipecatcloud.toml'))).toBe(true);
    expect(await sameFile(path.join(dir, 'linked', 'pipecatcloud.toml'), file)).toBe(true);
    expect(await sameFile(path.join(dir, 'same', 'other.toml'), file)).toBe(false);
  });
});
