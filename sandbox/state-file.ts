import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { isProcessAlive } from '../main/core/process-alive.js';

/** Written by `npm run sandbox` so the app's `--sandbox` flag can find the running one. */
export interface SandboxState {
  apiHost: string;
  caFile: string;
  pid: number;
}

export function sandboxStatePath(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const runtimeDir = env['XDG_RUNTIME_DIR'];
  if (runtimeDir) return join(runtimeDir, 'pipecat-tray-sandbox.json');
  return join(home, '.cache', 'pipecat-tray', 'sandbox.json');
}

function isSandboxState(value: unknown): value is SandboxState {
  if (typeof value !== 'object' || value === null) return false;
  const { apiHost, caFile, pid } = value as Record<string, unknown>;
  return (
    typeof apiHost === 'string' && typeof caFile === 'string' && Number.isInteger(pid) && Number(pid) > 0
  );
}

export async function writeSandboxState(
  state: SandboxState,
  path: string = sandboxStatePath(),
): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

/** Removes the state file only if it still describes this process's sandbox. */
export async function removeSandboxState(pid: number, path: string = sandboxStatePath()): Promise<void> {
  const state = await readState(path);
  if (state?.pid === pid) await rm(path, { force: true });
}

async function readState(path: string): Promise<SandboxState | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    return isSandboxState(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The sandbox started by `npm run sandbox`, if its process is still alive and its CA file exists. */
export async function readRunningSandbox(
  path: string = sandboxStatePath(),
): Promise<SandboxState | undefined> {
  const state = await readState(path);
  if (!state || !isProcessAlive(state.pid) || !existsSync(state.caFile)) return undefined;
  return state;
}
