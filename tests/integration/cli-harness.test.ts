import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  LEGACY_PCC_VERSION,
  PIPECAT_AI_CLI_VERSION,
  PIPECATCLOUD_VERSION,
  ensureLegacyPcc,
  ensurePipecatCli,
  runLegacyPcc,
  runPipecatCloud,
  type CliRunOptions,
} from '../../e2e/support/cli.js';
import { startProcess } from '../../e2e/support/child-process.js';

// A first run installs both CLIs from PyPI into the cache.
const INSTALL_TIMEOUT_MS = 600_000;

describe('the CLI harness', () => {
  let scratch: string;
  let options: CliRunOptions;

  beforeAll(async () => {
    await Promise.all([ensurePipecatCli(), ensureLegacyPcc()]);
    scratch = await mkdtemp(join(tmpdir(), 'cli-harness-test-'));
    const caFile = join(scratch, 'ca.pem');
    await writeFile(caFile, '');
    // Nothing listens here: these commands must fail or succeed before any request.
    options = { apiHost: 'https://127.0.0.1:9', configPath: join(scratch, 'pipecatcloud.toml'), caFile };
  }, INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('reuses the cached venv instead of building it again', async () => {
    const first = await ensurePipecatCli();
    const before = await stat(first);
    vi.resetModules();
    // A fresh module copy has no in-memory answer: it must find the venv on disk.
    const fresh = await import('../../e2e/support/cli.js');
    const started = Date.now();
    const second = await fresh.ensurePipecatCli();
    expect(second).toBe(first);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect((await stat(second)).ino).toBe(before.ino);
  });

  it('installs the console scripts pip makes, pointing at the venv’s own python', async () => {
    const pipecat = await ensurePipecatCli();
    const bin = dirname(pipecat);
    for (const script of [pipecat, join(bin, 'pc')]) {
      const firstLine = (await readFile(script, 'utf8')).split('\n')[0];
      expect(firstLine).toMatch(new RegExp(`^#!${bin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/python`));
    }
  });

  it('runs `pipecat --version` and `pc --version`', async () => {
    const bin = dirname(await ensurePipecatCli());
    for (const script of ['pipecat', 'pc']) {
      const result = await startProcess(join(bin, script), ['--version'], {
        env: {
          PATH: process.env['PATH'],
          NO_COLOR: '1',
          PYTHONUTF8: '1',
          PIPECAT_CONFIG_PATH: options.configPath,
        },
        cwd: scratch,
        timeoutMs: 60_000,
      }).result;
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout.trim()).toBe(`ᓚᘏᗢ Pipecat CLI Version: ${PIPECAT_AI_CLI_VERSION}`);
    }
  });

  it('runs `pipecat cloud --version`', async () => {
    const result = await runPipecatCloud(['--version'], options);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.trim()).toBe(`ᓚᘏᗢ Pipecat Cloud Client Version: ${PIPECATCLOUD_VERSION}`);
  });

  it('says "not logged in" for whoami with no credentials file', async () => {
    const result = await runPipecatCloud(['auth', 'whoami'], options);
    expect(result.code).toBe(1);
    expect(result.stdout.trim()).toBe(
      'ᓚᘏᗢ Error: You are not logged in. Please run `pipecat cloud auth login` first.',
    );
  });

  it('reads use-pat’s token from stdin without a terminal', async () => {
    const result = await runPipecatCloud(['auth', 'use-pat'], { ...options, input: 'not-a-pat\n' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Personal Access Token: ');
    expect(result.stdout.trim()).toBe('ᓚᘏᗢ Error: Invalid token format. PATs must start with pcc_pat_');
  });

  it('runs `pcc --version` of the last release that has it', async () => {
    const result = await runLegacyPcc(['--version'], options);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.trim()).toBe(`ᓚᘏᗢ Pipecat Cloud Client Version: ${LEGACY_PCC_VERSION}`);
  });
});
