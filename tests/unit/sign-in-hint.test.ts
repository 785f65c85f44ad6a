/**
 * A signed-out command suggests the sign-in that reaches the same place: `--sandbox` included when
 * the command ran against the sandbox, so the suggestion works as printed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GlobalFlags } from '../../main/headless/args.js';
import { statusCommand } from '../../main/headless/commands/status.js';
import { createContext } from '../../main/headless/context.js';

const noFetch = (): Promise<Response> => Promise.reject(new Error('no request expected'));

describe('the sign-in a signed-out status suggests', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tray-hint-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function statusLines(sandbox: boolean): Promise<string[]> {
    const flags: GlobalFlags = {
      apiHost: sandbox ? undefined : 'https://api.pipecat.daily.co',
      config: path.join(dir, 'pipecatcloud.toml'),
      sandbox,
      allowHttpLoopback: false,
      json: false,
      noBrowser: false,
      device: false,
      use: undefined,
      minValidMs: 300_000,
    };
    const lines: string[] = [];
    const output = {
      out: (line: string) => void lines.push(line),
      err: (line: string) => void lines.push(line),
    };
    const ctx = await createContext(flags, {}, output, async () => ({
      apiHost: 'https://127.0.0.1:8443',
      fetch: noFetch,
    }));
    expect(await statusCommand(ctx, { json: false })).toBe(1);
    return lines;
  }

  it('against the sandbox: pipecat-tray login --sandbox', async () => {
    expect(await statusLines(true)).toEqual([
      'Not signed in to https://127.0.0.1:8443.',
      'Run `pipecat-tray login --sandbox` to sign in.',
    ]);
  });

  it('against Pipecat Cloud: pipecat-tray login', async () => {
    expect(await statusLines(false)).toEqual([
      'Not signed in to https://api.pipecat.daily.co.',
      'Run `pipecat-tray login` to sign in.',
    ]);
  });
});
