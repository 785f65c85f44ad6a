import { readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Whether a Pipecat Cloud CLI command that uses `configPath` is running now, from /proc (Linux;
 * elsewhere there is no /proc and the answer is false). It reads each process's command line,
 * and the environment only of those that look like the CLI (readable for the user's own
 * processes only, which are the ones that can use the user's file).
 */
export async function cliCommandRunning(
  configPath: string,
  options: { procRoot?: string; selfPid?: number; maxProcesses?: number } = {},
): Promise<boolean> {
  const procRoot = options.procRoot ?? '/proc';
  const selfPid = String(options.selfPid ?? process.pid);
  const target = path.resolve(configPath);
  let entries: string[];
  try {
    entries = await readdir(procRoot);
  } catch {
    return false;
  }
  // Bounded: a machine with more processes than this is scanned in part, never for long.
  const pids = entries
    .filter((name) => /^\d+$/.test(name) && name !== selfPid)
    .slice(0, options.maxProcesses ?? 4096);
  for (const pid of pids) {
    const argv = await readNulList(path.join(procRoot, pid, 'cmdline'));
    if (!argv || !isCliCommandLine(argv)) continue;
    if ((await configPathOf(procRoot, pid)) === target) return true;
  }
  return false;
}

const PROGRAMS = new Set(['pipecat', 'pc']);
const INTERPRETER = /^(python[\d.]*|sh|bash|dash|zsh|env)$/;

/**
 * `pipecat cloud …` / `pc cloud …` (pipecat-ai-cli, the console script run by its Python or on
 * its own), the older `pcc …`, and the CLI's app started by Python (`-m pipecatcloud…`, or `-c`
 * code importing `pipecatcloud.cli`, as a launcher may). Only the program and its script are
 * looked at, so a path argument that happens to end in `pcc` does not count.
 */
export function isCliCommandLine(argv: readonly string[]): boolean {
  // The script is the second word only when an interpreter runs it (shebang, or by hand).
  const interpreted = INTERPRETER.test(path.basename(argv[0] ?? ''));
  for (const index of interpreted ? [0, 1] : [0]) {
    const name = path.basename(argv[index] ?? '');
    if (name === 'pcc') return true;
    if (PROGRAMS.has(name) && argv[index + 1] === 'cloud') return true;
  }
  const flag = argv[1];
  return (flag === '-m' || flag === '-c') && (argv[2] ?? '').includes('pipecatcloud');
}

/** The credentials file a CLI process uses: PIPECAT_CONFIG_PATH, else HOME's default. */
async function configPathOf(procRoot: string, pid: string): Promise<string | undefined> {
  const environ = await readNulList(path.join(procRoot, pid, 'environ'));
  if (!environ) return undefined;
  const env = new Map(
    environ.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );
  const configured = env.get('PIPECAT_CONFIG_PATH');
  if (configured) {
    if (path.isAbsolute(configured)) return path.resolve(configured);
    const cwd = await readlink(path.join(procRoot, pid, 'cwd')).catch(() => undefined);
    return cwd === undefined ? undefined : path.resolve(cwd, configured);
  }
  const home = env.get('HOME');
  return home ? path.resolve(home, '.config', 'pipecatcloud', 'pipecatcloud.toml') : undefined;
}

async function readNulList(file: string): Promise<string[] | undefined> {
  try {
    const text = await readFile(file, 'utf8');
    return text.split('\0').filter((part) => part !== '');
  } catch {
    // Gone meanwhile, or another user's.
    return undefined;
  }
}
