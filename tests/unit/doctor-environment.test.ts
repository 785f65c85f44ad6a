import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkBrowserOpener,
  checkEnvironmentToken,
  isExecutable,
} from '../../main/core/doctor/environment.js';

describe('checkEnvironmentToken', () => {
  it('is ok without PIPECAT_TOKEN', () => {
    expect(checkEnvironmentToken({}).verdict).toBe('ok');
    expect(checkEnvironmentToken({ PIPECAT_TOKEN: '' }).verdict).toBe('ok');
  });

  it('warns when PIPECAT_TOKEN is set, never repeating it', () => {
    const secret = 'pcc_pat_unit_secret_1234';
    const result = checkEnvironmentToken({ PIPECAT_TOKEN: secret });
    expect(result.verdict).toBe('warn');
    expect(result.fix).toContain('unset PIPECAT_TOKEN');
    expect(JSON.stringify(result)).not.toContain('unit_secret');
  });
});

describe('checkBrowserOpener', () => {
  it('is ok with the first opener found', async () => {
    const result = await checkBrowserOpener({
      commands: [
        ['firefox', 'u'],
        ['xdg-open', 'u'],
      ],
      isExecutable: async (c) => c === 'xdg-open',
    });
    expect(result).toMatchObject({ verdict: 'ok', detail: 'login opens the browser with xdg-open.' });
  });

  it('warns when none is found, pointing at --no-browser', async () => {
    const result = await checkBrowserOpener({
      commands: [
        ['firefox', 'u'],
        ['xdg-open', 'u'],
      ],
      isExecutable: async () => false,
    });
    expect(result).toMatchObject({ verdict: 'warn', detail: expect.stringContaining('firefox, xdg-open') });
    expect(result.fix).toContain('--no-browser');
  });
});

describe('isExecutable', () => {
  it('looks bare names up on PATH and takes paths as they are', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'doctor-path-'));
    try {
      await writeFile(path.join(dir, 'opener'), '#!/bin/sh\n');
      await chmod(path.join(dir, 'opener'), 0o755);
      await writeFile(path.join(dir, 'plain'), '');
      await chmod(path.join(dir, 'plain'), 0o644);
      expect(await isExecutable('opener', { PATH: `/nonexistent${path.delimiter}${dir}` })).toBe(true);
      expect(await isExecutable('opener', { PATH: '/nonexistent' })).toBe(false);
      expect(await isExecutable('opener', {})).toBe(false);
      expect(await isExecutable(path.join(dir, 'opener'), {})).toBe(true);
      if (process.getuid?.() !== 0) expect(await isExecutable('plain', { PATH: dir })).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
