/**
 * `pipecat-tray status --json | true`: the reader of the command's output goes away before the
 * command writes. The built command must end quietly (no `Error: write EPIPE` stack), with the exit
 * code its work earned; the daemon stops cleanly and gives its lock back.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instanceLockPath } from '../main/core/lock/index.js';
import { TRAY_BIN } from './support/tray-cli.js';

const API_HOST = 'https://api.closed-pipe.invalid';
let dir: string;
let config: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pipecat-tray-pipe-'));
  config = path.join(dir, 'pipecatcloud.toml');
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** What the stream left open received. */
  text: string;
}

/** Runs the built command with `closed` (stdout or stderr) shut by its reader before it starts. */
async function withClosedReader(args: readonly string[], closed: 'stdout' | 'stderr'): Promise<Ended> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('PIPECAT_')) env[key] = value;
  const child = spawn(process.execPath, [TRAY_BIN, ...args, '--config', config, '--api-host', API_HOST], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const open = closed === 'stdout' ? child.stderr : child.stdout;
  child[closed].destroy();
  let text = '';
  open.setEncoding('utf8');
  open.on('data', (chunk: string) => (text += chunk));
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return { code, signal, text };
}

describe('a closed pipe', () => {
  it('status --json | true: ends quietly with its own exit code (1: not signed in)', async () => {
    const runs = await Promise.all([1, 2, 3].map(() => withClosedReader(['status', '--json'], 'stdout')));
    for (const run of runs) expect(run).toEqual({ code: 1, signal: null, text: '' });
  });

  it('a usage error with stderr closed: exit 2, no crash', async () => {
    const run = await withClosedReader(['no-such-command'], 'stderr');
    expect(run).toEqual({ code: 2, signal: null, text: '' });
  });

  it('the daemon stops cleanly when its output closes, and gives its lock back', async () => {
    const run = await withClosedReader(['daemon'], 'stdout');
    expect(run).toEqual({ code: 0, signal: null, text: '' });
    expect(existsSync(instanceLockPath(config, API_HOST))).toBe(false);
  });
});
