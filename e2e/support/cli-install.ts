import { createHash } from 'node:crypto';
import {
  access,
  constants as fsConstants,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { startProcess } from './child-process.js';
import { CURRENT_CLI, LEGACY_PCC, type CliRelease } from './cli-releases.js';

const SETUP_TIMEOUT_MS = 10 * 60_000;
const VERSION_CHECK_TIMEOUT_MS = 60_000;
const ABANDONED_AFTER_MS = 60 * 60_000;

const pending = new Map<string, Promise<string>>();

/** Path of `pipecat` (pipecat-ai-cli with pipecatcloud), from a venv cached between runs. */
export function ensurePipecatCli(): Promise<string> {
  return ensureRelease(CURRENT_CLI);
}

/** Path of `pcc` from pipecatcloud 0.7.2, the last release that has it. */
export function ensureLegacyPcc(): Promise<string> {
  return ensureRelease(LEGACY_PCC);
}

/** The release's console script, installed once per machine and requirement set (atomically). */
export function ensureRelease(release: CliRelease): Promise<string> {
  let promise = pending.get(release.name);
  if (!promise) {
    promise = locateOrBuild(release).catch((error: unknown) => {
      pending.delete(release.name);
      throw error;
    });
    pending.set(release.name, promise);
  }
  return promise;
}

export function venvDirectory(release: CliRelease): string {
  const cacheRoot = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  const pins = createHash('sha256').update(release.requirements.join('\n')).digest('hex').slice(0, 12);
  return join(cacheRoot, 'pipecat-tray-tests', `${release.name}-${pins}`);
}

function scriptIn(venv: string, release: CliRelease): string {
  return join(venv, 'bin', release.script);
}

async function locateOrBuild(release: CliRelease): Promise<string> {
  if (process.platform === 'win32') {
    throw new Error('The CLI test harness builds its venvs with POSIX paths and does not run on Windows.');
  }
  const venv = venvDirectory(release);
  const script = scriptIn(venv, release);
  if (await releaseWorks(venv, release)) return script;
  await build(venv, release);
  if (!(await releaseWorks(venv, release))) {
    throw new Error(
      `The freshly installed ${script} does not answer \`${[release.script, ...release.versionArgs].join(' ')}\`.`,
    );
  }
  return script;
}

async function releaseWorks(venv: string, release: CliRelease): Promise<boolean> {
  const script = scriptIn(venv, release);
  try {
    await access(script, fsConstants.X_OK);
  } catch {
    return false;
  }
  try {
    const run = startProcess(script, release.versionArgs, {
      env: {
        PATH: process.env['PATH'],
        PYTHONUTF8: '1',
        NO_COLOR: '1',
        // The CLI reads its credentials file on start-up: a developer's broken one must not fail this.
        PIPECAT_CONFIG_PATH: join(venv, 'no-credentials-here.toml'),
      },
      cwd: tmpdir(),
      timeoutMs: VERSION_CHECK_TIMEOUT_MS,
    });
    const { code, stdout } = await run.result;
    return code === 0 && stdout.trim() === release.expectedVersionLine;
  } catch {
    return false;
  }
}

async function build(venv: string, release: CliRelease): Promise<void> {
  await mkdir(dirname(venv), { recursive: true });
  await sweepAbandonedBuilds(venv);
  const staging = await mkdtemp(join(dirname(venv), `.staging-${basename(venv)}-`));
  const what = `${release.requirements[0]} for the CLI test harness`;
  try {
    const python = join(staging, 'bin', 'python');
    await step(`Could not create a Python venv with \`python3 -m venv\` for ${what}`, 'python3', [
      '-m',
      'venv',
      staging,
    ]);
    await step(`python3 on PATH is older than 3.11, which ${what} requires`, python, [
      '-c',
      'import sys; sys.exit(sys.version_info < (3, 11))',
    ]);
    await step(`Could not install ${what} with pip`, python, [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--no-input',
      // Bytecode compiled now would name the staging path in every traceback.
      '--no-compile',
      ...release.requirements,
    ]);
    await relocateScripts(staging, venv);
    await publish(staging, venv, release);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * pip writes the staging venv's python into each console script's `#!` line; the venv is used
 * under its final name, so those lines must name that instead. Python itself finds its venv
 * relative to the path it was started by, so nothing else needs to change.
 */
async function relocateScripts(staging: string, venv: string): Promise<void> {
  const bin = join(staging, 'bin');
  for (const name of await readdir(bin)) {
    const file = join(bin, name);
    if (!(await lstat(file)).isFile()) continue;
    const text = await readFile(file, 'utf8');
    if (!text.startsWith('#!') || !text.includes(staging)) continue;
    await writeFile(file, text.split(staging).join(venv));
  }
}

async function step(failureMessage: string, command: string, args: string[]): Promise<void> {
  let failure: string;
  try {
    const { code, stdout, stderr } = await startProcess(command, args, {
      env: setupEnvironment(),
      cwd: tmpdir(),
      timeoutMs: SETUP_TIMEOUT_MS,
    }).result;
    if (code === 0) return;
    const lastLine = (stderr.trim() || stdout.trim()).split('\n').pop() ?? '';
    failure = `exit ${code}${lastLine ? `: ${lastLine}` : ''}`;
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  throw new Error(`${failureMessage} (${failure.replace(/\.$/, '')}).`);
}

/** An interrupted run leaves its staging venv behind; one untouched for an hour is nobody's. */
async function sweepAbandonedBuilds(venv: string): Promise<void> {
  const prefixes = [`.staging-${basename(venv)}-`, `${basename(venv)}.broken-`];
  for (const name of await readdir(dirname(venv))) {
    if (!prefixes.some((prefix) => name.startsWith(prefix))) continue;
    const path = join(dirname(venv), name);
    const stats = await stat(path).catch(() => undefined);
    if (stats && Date.now() - stats.mtimeMs > ABANDONED_AFTER_MS)
      await rm(path, { recursive: true, force: true });
  }
}

function setupEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PIP_NO_INPUT: '1' };
  // Either would point the new venv's python at someone else's packages.
  delete env['PYTHONPATH'];
  delete env['PYTHONHOME'];
  return env;
}

/** rename() is the commit point: readers see no venv or a complete one, never a half-built one. */
async function publish(staging: string, venv: string, release: CliRelease): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await rename(staging, venv);
      return;
    } catch (error) {
      if (!isErrorCode(error, 'ENOTEMPTY', 'EEXIST')) throw error;
    }
    // Another test process may have published first; keep its copy if it works.
    if (await releaseWorks(venv, release)) return;
    const broken = `${venv}.broken-${process.pid}-${attempt}`;
    try {
      await rename(venv, broken);
    } catch (error) {
      if (!isErrorCode(error, 'ENOENT')) throw error;
    }
    await rm(broken, { recursive: true, force: true });
  }
  throw new Error(`Could not move the new venv into ${venv}: another process keeps replacing it.`);
}

function isErrorCode(error: unknown, ...codes: string[]): boolean {
  return error instanceof Error && 'code' in error && codes.includes(String(error.code));
}
