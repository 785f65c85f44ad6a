import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PCC_VERSION, ensurePcc, runPcc, type PccRunOptions } from '../../e2e/support/pcc.js';

// A first run installs pipecatcloud from PyPI into the cache.
const INSTALL_TIMEOUT_MS = 600_000;

describe('the pcc harness', () => {
  let scratch: string;
  let options: PccRunOptions;

  beforeAll(async () => {
    await ensurePcc();
    scratch = await mkdtemp(join(tmpdir(), 'pcc-harness-test-'));
    const caFile = join(scratch, 'ca.pem');
    await writeFile(caFile, '');
    // Nothing listens here: these commands must fail or succeed before any request.
    options = { apiHost: 'https://127.0.0.1:9', configPath: join(scratch, 'pipecatcloud.toml'), caFile };
  }, INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('reuses the cached venv instead of building it again', async () => {
    const first = await ensurePcc();
    const before = await stat(first);
    vi.resetModules();
    // A fresh module copy has no in-memory answer: it must find the venv on disk.
    const fresh = await import('../../e2e/support/pcc.js');
    const started = Date.now();
    const second = await fresh.ensurePcc();
    expect(second).toBe(first);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect((await stat(second)).ino).toBe(before.ino);
  });

  it('runs `pcc --version`', async () => {
    const result = await runPcc(['--version'], options);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.trim()).toBe(`ᓚᘏᗢ Pipecat Cloud Client Version: ${PCC_VERSION}`);
  });

  it('says "not logged in" for whoami with no credentials file', async () => {
    const result = await runPcc(['auth', 'whoami'], options);
    expect(result.code).toBe(1);
    expect(result.stdout.trim()).toBe(
      'ᓚᘏᗢ Error: You are not logged in. Please run `pipecat cloud auth login` first.',
    );
  });

  it('reads use-pat’s token from stdin without a terminal', async () => {
    const result = await runPcc(['auth', 'use-pat'], { ...options, input: 'not-a-pat\n' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Personal Access Token: ');
    expect(result.stdout.trim()).toBe('ᓚᘏᗢ Error: Invalid token format. PATs must start with pcc_pat_');
  });
});
