import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess, type ProcessResult } from './child-process.js';
import { cliEnvironment } from './cli-environment.js';
import { ensureLegacyPcc, ensurePipecatCli } from './cli-install.js';

export type CliResult = ProcessResult;

export interface CliRunOptions {
  /** e.g. the sandbox's `https://127.0.0.1:PORT`. */
  apiHost: string;
  /** The credentials file the CLI reads and writes (PIPECAT_CONFIG_PATH); made absolute before use. */
  configPath: string;
  /** PEM file of the CA that signed the sandbox's certificate. */
  caFile: string;
  /** Applied last: a test may set e.g. PIPECAT_TOKEN or PIPECAT_CLI_LOG_LEVEL on purpose. */
  env?: Record<string, string>;
  /** Sent to stdin, then closed; `auth use-pat` reads its token from here (one line). */
  input?: string;
  timeoutMs?: number;
}

/** An installed command line: the executable and the words users type before a subcommand. */
export interface CliCommand {
  executable: string;
  prefix: readonly string[];
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** `pipecat cloud`, as users of pipecat-ai-cli type it. */
export async function pipecatCloud(): Promise<CliCommand> {
  return { executable: await ensurePipecatCli(), prefix: ['cloud'] };
}

/** `pcc`, as users of pipecatcloud 0.7.2 and earlier type it. */
export async function legacyPcc(): Promise<CliCommand> {
  return { executable: await ensureLegacyPcc(), prefix: [] };
}

/** Runs `pipecat cloud <args>` once and collects its ANSI-free output; rejects only if it cannot run or times out. */
export async function runPipecatCloud(args: readonly string[], options: CliRunOptions): Promise<CliResult> {
  return runCli(await pipecatCloud(), args, options);
}

/** Runs `pcc <args>` of pipecatcloud 0.7.2 once, like runPipecatCloud. */
export async function runLegacyPcc(args: readonly string[], options: CliRunOptions): Promise<CliResult> {
  return runCli(await legacyPcc(), args, options);
}

export function runCli(
  command: CliCommand,
  args: readonly string[],
  options: CliRunOptions,
): Promise<CliResult> {
  return withScratchHome(
    (home) =>
      startProcess(command.executable, [...command.prefix, ...args], {
        env: cliEnvironment({ ...options, home }),
        cwd: home,
        newSession: true,
        input: options.input,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      }).result,
  );
}

export async function withScratchHome<T>(body: (home: string) => Promise<T>): Promise<T> {
  const home = await mkdtemp(join(tmpdir(), 'pipecat-cli-home-'));
  try {
    return await body(home);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
