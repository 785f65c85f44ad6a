import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pccEnvironment } from './pcc-environment.js';
import { ensurePcc } from './pcc-install.js';
import { startProcess, type ProcessResult } from './pcc-process.js';

export type PccResult = ProcessResult;

export interface PccRunOptions {
  /** e.g. the sandbox's `https://127.0.0.1:PORT`. */
  apiHost: string;
  /** The credentials file the CLI reads and writes; made absolute before use. */
  configPath: string;
  /** PEM file of the CA that signed the sandbox's certificate. */
  caFile: string;
  /** Applied last: a test may set e.g. PIPECAT_TOKEN or PIPECAT_CLI_LOG_LEVEL on purpose. */
  env?: Record<string, string>;
  /** Sent to stdin, then closed; `pcc auth use-pat` reads its token from here (one line). */
  input?: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** Runs the real `pcc` once and collects its ANSI-free output; rejects only if it cannot run or times out. */
export async function runPcc(args: string[], options: PccRunOptions): Promise<PccResult> {
  const pcc = await ensurePcc();
  return withScratchHome(
    (home) =>
      startProcess(pcc, args, {
        env: pccEnvironment({ ...options, home }),
        cwd: home,
        newSession: true,
        input: options.input,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      }).result,
  );
}

export async function withScratchHome<T>(body: (home: string) => Promise<T>): Promise<T> {
  const home = await mkdtemp(join(tmpdir(), 'pcc-home-'));
  try {
    return await body(home);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
