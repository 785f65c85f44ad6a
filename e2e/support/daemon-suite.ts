/**
 * What a daemon end-to-end file sets up around its tests: its sandboxes (started before the
 * tests, closed after them), a temp folder (removed after them), and the daemons the tests start,
 * killed after each test with their output kept for the file's "printed no secret" test. The
 * hooks live here rather than in daemon.ts, which the benchmarks import outside vitest.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/index.js';
import { startDaemon, type Daemon, type DaemonOptions } from './daemon.js';

export interface DaemonOnOptions extends Omit<DaemonOptions, 'apiHost' | 'configPath'> {
  /** Whose host the daemon keeps fresh, trusting its CA; default: the suite's first sandbox. */
  sandbox?: Sandbox;
}

export interface DaemonSuite {
  /** The first sandbox. */
  readonly sandbox: Sandbox;
  /** All the sandboxes, in the order they were asked for. */
  readonly sandboxes: readonly Sandbox[];
  /** A fresh temp folder `pipecat-tray-<name>-…`. */
  readonly dir: string;
  /** The stdout and stderr of every daemon started with daemonOn (kept once it is killed after its test), and what tests add. */
  readonly transcripts: string[];
  /** startDaemon on `configPath` for the sandbox's host, NODE_EXTRA_CA_CERTS added to `env`. */
  daemonOn(configPath: string, options?: DaemonOnOptions): Promise<Daemon>;
}

/** Registers the beforeAll, afterEach and afterAll of a daemon test file: `sandboxCount` sandboxes of `sandboxOptions`. */
export function daemonSuite(
  name: string,
  sandboxOptions: SandboxOptions = {},
  sandboxCount = 1,
): DaemonSuite {
  let sandboxes: Sandbox[] = [];
  let dir: string | undefined;
  const daemons: Daemon[] = [];
  const transcripts: string[] = [];

  beforeAll(async () => {
    sandboxes = await Promise.all(Array.from({ length: sandboxCount }, () => startSandbox(sandboxOptions)));
    dir = await mkdtemp(path.join(tmpdir(), `pipecat-tray-${name}-`));
  });

  afterEach(async () => {
    const stopping = daemons.splice(0);
    try {
      await Promise.all(stopping.map((daemon) => daemon.stop('SIGKILL')));
    } finally {
      for (const daemon of stopping) transcripts.push(...Object.values(daemon.output()));
    }
  });

  afterAll(async () => {
    await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const first = (): Sandbox => {
    const [sandbox] = sandboxes;
    if (!sandbox) throw new Error('the daemon suite has not started (use it in a test or hook)');
    return sandbox;
  };
  return {
    get sandbox() {
      return first();
    },
    get sandboxes() {
      return sandboxes;
    },
    get dir() {
      if (!dir) throw new Error('the daemon suite has not started (use it in a test or hook)');
      return dir;
    },
    transcripts,
    daemonOn: async (configPath, { sandbox = first(), env = {}, ...options } = {}) => {
      const daemon = await startDaemon({
        ...options,
        apiHost: sandbox.apiHost,
        configPath,
        env: { ...env, NODE_EXTRA_CA_CERTS: sandbox.caFile },
      });
      daemons.push(daemon);
      return daemon;
    },
  };
}
