import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliCommandRunning, isCliCommandLine } from '../../main/core/session/cli-processes.js';

describe('isCliCommandLine', () => {
  it.each([
    [['/home/u/.venv/bin/python', '/home/u/.venv/bin/pipecat', 'cloud', 'auth', 'whoami']],
    [['/usr/local/bin/pipecat', 'cloud', 'deploy']],
    [['/usr/bin/python3', '/home/u/.local/bin/pc', 'cloud', 'agent', 'logs']],
    [['/usr/bin/python3', '/usr/local/bin/pcc', 'auth', 'whoami']],
    [['/bin/sh', '/cache/venv/bin/pcc', 'auth', 'whoami']],
    [
      [
        '/cache/venv/bin/python',
        '-c',
        'from pipecatcloud.cli.entry_point import entrypoint_cli_typer',
        'auth',
      ],
    ],
    [['python3', '-m', 'pipecatcloud.cli', 'auth', 'whoami']],
  ])('%j is the CLI', (argv) => {
    expect(isCliCommandLine(argv)).toBe(true);
  });

  it.each([
    [['/usr/bin/python3', '/home/u/.venv/bin/pipecat', 'init']],
    [['/usr/bin/node', '/app/bin/pipecat-tray.js', 'daemon', '--config', '/home/u/pcc']],
    [['ls', '/tmp/x/pcc']],
    [['vim', 'pipecat', 'cloud']],
    [['python3', '-c', 'print(1)']],
    [[]],
  ])('%j is not', (argv) => {
    expect(isCliCommandLine(argv)).toBe(false);
  });
});

describe('cliCommandRunning (a fake /proc)', () => {
  let proc: string;
  const config = '/home/u/.config/pipecatcloud/pipecatcloud.toml';

  beforeEach(async () => {
    proc = await mkdtemp(path.join(tmpdir(), 'fake-proc-'));
  });
  afterEach(async () => {
    await rm(proc, { recursive: true, force: true });
  });

  async function processEntry(
    pid: number,
    argv: string[],
    env: string[] | undefined,
    cwd = '/',
  ): Promise<void> {
    const dir = path.join(proc, String(pid));
    await mkdir(dir);
    await writeFile(path.join(dir, 'cmdline'), `${argv.join('\0')}\0`);
    if (env) await writeFile(path.join(dir, 'environ'), `${env.join('\0')}\0`);
    await symlink(cwd, path.join(dir, 'cwd'));
  }

  const whoami = ['/v/bin/python', '/v/bin/pipecat', 'cloud', 'auth', 'whoami'];

  it('finds a CLI command using the same file through HOME', async () => {
    await processEntry(10, ['/usr/bin/bash'], ['HOME=/home/u']);
    await processEntry(11, whoami, ['PATH=/usr/bin', 'HOME=/home/u']);
    expect(await cliCommandRunning(config, { procRoot: proc, selfPid: 1 })).toBe(true);
  });

  it('through PIPECAT_CONFIG_PATH, absolute or relative to its working folder', async () => {
    await processEntry(
      12,
      whoami,
      ['HOME=/elsewhere', 'PIPECAT_CONFIG_PATH=pipecatcloud/pipecatcloud.toml'],
      '/home/u/.config',
    );
    expect(await cliCommandRunning(config, { procRoot: proc, selfPid: 1 })).toBe(true);
    expect(await cliCommandRunning('/other/file.toml', { procRoot: proc, selfPid: 1 })).toBe(false);
  });

  it('ignores a CLI command on another file, one whose environment cannot be read, and itself', async () => {
    await processEntry(13, whoami, ['HOME=/home/other']);
    await processEntry(14, whoami, undefined);
    await processEntry(15, whoami, ['HOME=/home/u']);
    expect(await cliCommandRunning(config, { procRoot: proc, selfPid: 15 })).toBe(false);
  });

  it('no /proc: false, no error', async () => {
    expect(await cliCommandRunning(config, { procRoot: path.join(proc, 'missing') })).toBe(false);
  });
});
