/** Shared set-up for the credentials tests: temp folders, the CLI's fixture files, read-only folders. */
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse, type TomlTable } from 'smol-toml';
import { afterEach, beforeEach } from 'vitest';

/** The files released CLIs wrote (tests/fixtures/cli/README.md). */
export const FIXTURES_DIR = path.resolve(import.meta.dirname, '../fixtures/cli');
export const FIXTURES = ['oauth-login.toml', 'pat.toml', 'org-with-keys.toml', 'environments.toml'] as const;
/**
 * The file the CLI's unreleased multi-environment layout wrote, tables keyed by PIPECAT_API_HOST
 * exactly as set (tests/fixtures/cli-multi-environment/README.md).
 */
export const MULTI_ENVIRONMENT_FIXTURE = path.resolve(
  import.meta.dirname,
  '../fixtures/cli-multi-environment/multi-environment.toml',
);
export const STAGING = 'https://staging.qa.pipecat.cloud';

export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pcc-tray-credentials-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Gives each test of the calling file a fresh temp folder, removed after it, and the path of a
 * credentials file in it (not created): `take` gets them before the test runs.
 */
export function tempFileForEachTest(take: (temp: { dir: string; file: string }) => void): void {
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    let dir: string;
    ({ dir, cleanup } = await makeTempDir());
    take({ dir, file: path.join(dir, 'pipecatcloud.toml') });
  });
  afterEach(() => cleanup());
}

/**
 * Copies a fixture (a name in FIXTURES_DIR, or a path) to `file` with mode 0600 (the fixtures
 * themselves are read-only).
 */
export async function copyFixture(name: string, file: string): Promise<string> {
  await copyFile(path.resolve(FIXTURES_DIR, name), file);
  await chmod(file, 0o600);
  return readFile(file, 'utf8');
}

/** Parses like the store does, so integers and floats stay apart (bigint vs number). */
export async function readToml(file: string): Promise<TomlTable> {
  return parse(await readFile(file, 'utf8'), { integersAsBigInt: true });
}

export function parseToml(text: string): TomlTable {
  return parse(text, { integersAsBigInt: true });
}

const run = promisify(execFile);

/**
 * Makes `dir` unwritable for this process, really: as root (where a 0500 mode is ignored) by
 * setting the immutable attribute, which stops root too; otherwise with chmod 0500. Returns how,
 * with the undo, or undefined when neither is possible here (e.g. root on a file system without
 * chattr support), in which case the caller skips.
 */
export async function makeFolderReadOnly(
  dir: string,
): Promise<{ how: 'immutable' | 'chmod'; restore: () => Promise<void> } | undefined> {
  if (process.getuid?.() !== 0) {
    await chmod(dir, 0o500);
    return { how: 'chmod', restore: () => chmod(dir, 0o700) };
  }
  try {
    await run('chattr', ['+i', dir]);
  } catch {
    return undefined;
  }
  return {
    how: 'immutable',
    restore: async () => {
      await run('chattr', ['-i', dir]);
    },
  };
}
