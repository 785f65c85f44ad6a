import { createHash } from 'node:crypto';
import {
  access,
  constants as fsConstants,
  mkdir,
  mkdtemp,
  readdir,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { startProcess } from './pcc-process.js';

export const PCC_VERSION = '1.4.0';

/**
 * The whole dependency set, frozen from a clean install of pipecatcloud 1.4.0: the CLI's output
 * (rich, typer, click) and HTTP stack (aiohttp) must not drift under the tests between runs.
 */
const REQUIREMENTS = [
  `pipecatcloud==${PCC_VERSION}`,
  'aiohappyeyeballs==2.7.1',
  'aiohttp==3.14.5',
  'aiosignal==1.4.0',
  'annotated-doc==0.0.7',
  'annotated-types==0.8.0',
  'anyio==4.16.0',
  'attrs==26.1.0',
  'click==8.5.1',
  'fastapi==0.165.0',
  'frozenlist==1.8.0',
  'h11==0.16.0',
  'idna==3.20',
  'loguru==0.7.3',
  'markdown-it-py==4.3.0',
  'mdurl==0.1.2',
  'multidict==7.2.1',
  'opentelemetry-api==1.45.2',
  'prompt_toolkit==3.0.53',
  'propcache==0.5.4',
  'pydantic==2.14.4',
  'pydantic_core==2.50.5',
  'Pygments==2.21.0',
  'python-dotenv==1.2.4',
  'questionary==2.1.1',
  'rich==15.0.0',
  'shellingham==1.5.4',
  'starlette==1.10.0',
  'synchronicity==0.12.7',
  'toml==0.10.2',
  'typer==0.29.2',
  'typing-inspection==0.4.5',
  'typing_extensions==4.16.0',
  'uvicorn==0.54.0',
  'wcwidth==0.9.4',
  'yarl==1.25.1',
];

/**
 * pipecatcloud 1.4.0 installs no `pcc` script: its Typer app is an extension mounted by the separate
 * pipecat-ai-cli (`pipecat cloud ...`). This launcher runs the very same app. It finds the venv's
 * python next to itself because the venv is built elsewhere and renamed into place, which would
 * break an absolute shebang.
 */
const LAUNCHER = `#!/bin/sh
exec "\${0%/*}/python" -c 'import sys; from pipecatcloud.cli.entry_point import entrypoint_cli_typer as app; sys.exit(app(prog_name="pcc"))' "$@"
`;

const SETUP_TIMEOUT_MS = 10 * 60_000;
const VERSION_CHECK_TIMEOUT_MS = 60_000;
const ABANDONED_AFTER_MS = 60 * 60_000;

let pending: Promise<string> | undefined;

/** Path to a working `pcc` 1.4.0, from a venv cached between runs (built once, atomically). */
export function ensurePcc(): Promise<string> {
  pending ??= locateOrBuild().catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}

function venvDirectory(): string {
  const cacheRoot = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  const pins = createHash('sha256').update(REQUIREMENTS.join('\n')).digest('hex').slice(0, 12);
  return join(cacheRoot, 'pipecat-tray-tests', `pcc-${PCC_VERSION}-${pins}`);
}

function launcherIn(venv: string): string {
  return join(venv, 'bin', 'pcc');
}

async function locateOrBuild(): Promise<string> {
  if (process.platform === 'win32') {
    throw new Error('The pcc test harness builds its venv with POSIX paths and does not run on Windows.');
  }
  const venv = venvDirectory();
  if (await pccWorks(launcherIn(venv))) return launcherIn(venv);
  await build(venv);
  if (!(await pccWorks(launcherIn(venv)))) {
    throw new Error(`The freshly installed pcc at ${launcherIn(venv)} does not answer \`pcc --version\`.`);
  }
  return launcherIn(venv);
}

async function pccWorks(pcc: string): Promise<boolean> {
  try {
    await access(pcc, fsConstants.X_OK);
  } catch {
    return false;
  }
  try {
    const run = startProcess(pcc, ['--version'], {
      env: { PATH: process.env['PATH'], PYTHONUTF8: '1', NO_COLOR: '1' },
      cwd: tmpdir(),
      timeoutMs: VERSION_CHECK_TIMEOUT_MS,
    });
    const { code, stdout } = await run.result;
    return code === 0 && stdout.includes(PCC_VERSION);
  } catch {
    return false;
  }
}

async function build(venv: string): Promise<void> {
  await mkdir(dirname(venv), { recursive: true });
  await sweepAbandonedBuilds(venv);
  const staging = await mkdtemp(join(dirname(venv), `.staging-${basename(venv)}-`));
  try {
    const python = join(staging, 'bin', 'python');
    await step('Could not create a Python venv with `python3 -m venv` for the pcc test harness', 'python3', [
      '-m',
      'venv',
      staging,
    ]);
    await step(`python3 on PATH is older than 3.11, which pipecatcloud ${PCC_VERSION} requires`, python, [
      '-c',
      'import sys; sys.exit(sys.version_info < (3, 11))',
    ]);
    await step(`Could not install pipecatcloud==${PCC_VERSION} with pip for the pcc test harness`, python, [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--no-input',
      // Bytecode compiled now would name the staging path in every traceback.
      '--no-compile',
      ...REQUIREMENTS,
    ]);
    await writeFile(launcherIn(staging), LAUNCHER, { mode: 0o755 });
    await publish(staging, venv);
  } finally {
    await rm(staging, { recursive: true, force: true });
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
async function publish(staging: string, venv: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await rename(staging, venv);
      return;
    } catch (error) {
      if (!isErrorCode(error, 'ENOTEMPTY', 'EEXIST')) throw error;
    }
    // Another test process may have published first; keep its copy if it works.
    if (await pccWorks(launcherIn(venv))) return;
    const broken = `${venv}.broken-${process.pid}-${attempt}`;
    try {
      await rename(venv, broken);
    } catch (error) {
      if (!isErrorCode(error, 'ENOENT')) throw error;
    }
    await rm(broken, { recursive: true, force: true });
  }
  throw new Error(`Could not move the new pcc venv into ${venv}: another process keeps replacing it.`);
}

function isErrorCode(error: unknown, ...codes: string[]): boolean {
  return error instanceof Error && 'code' in error && codes.includes(String(error.code));
}
