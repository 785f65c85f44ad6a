import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { UserFacingError } from '../core/errors.js';

/** Where `--sandbox` keeps its credentials: never the user's real file. */
export function sandboxCredentialsPath(home: string = homedir()): string {
  return path.join(home, '.config', 'pipecat-tray', 'sandbox', 'pipecatcloud.toml');
}

export interface SandboxTarget {
  apiHost: string;
  caPem: string;
  /** Stops a sandbox this process started itself; undefined when it found one running. */
  stop?: () => Promise<void>;
}

interface SandboxModule {
  readRunningSandbox(): Promise<{ apiHost: string; caFile: string } | undefined>;
  startSandbox(): Promise<{ apiHost: string; caPem: string; close(): Promise<void> }>;
}

/**
 * The sandbox started by `npm run sandbox`, or, when none runs, one started in this process for
 * the length of the command. It lives in the development tree, so it is loaded only when asked for.
 */
export async function resolveSandbox(): Promise<SandboxTarget> {
  let sandbox: SandboxModule;
  try {
    const modulePath = '../../e2e/sandbox/index.js';
    sandbox = (await import(modulePath)) as SandboxModule;
  } catch (cause) {
    throw new UserFacingError(
      'The local identity server is only available in a development checkout (npm install, then npm run sandbox).',
      'sandbox_unavailable',
      { cause },
    );
  }
  const running = await sandbox.readRunningSandbox();
  if (running) return { apiHost: running.apiHost, caPem: await readFile(running.caFile, 'utf8') };
  const started = await sandbox.startSandbox();
  return { apiHost: started.apiHost, caPem: started.caPem, stop: () => started.close() };
}
