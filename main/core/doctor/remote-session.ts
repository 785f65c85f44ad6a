import { access } from 'node:fs/promises';
import { discoverProvider } from '../discovery/discover.js';
import type { Fetch } from '../http/fetch.js';
import { supportsDeviceFlow } from '../sign-in/device-authorization.js';
import type { Check, CheckResult } from './types.js';

export interface RemoteSessionInput {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Whether a file exists (the container markers). */
  exists: (path: string) => Promise<boolean>;
  /** Whether the identity provider offers the device flow; undefined when it could not be asked. */
  deviceFlowSupported: () => Promise<boolean | undefined>;
}

const SSH_VARIABLES = ['SSH_CONNECTION', 'SSH_TTY', 'SSH_CLIENT'] as const;
const CONTAINER_VARIABLES = ['REMOTE_CONTAINERS', 'CODESPACES', 'GITPOD_WORKSPACE_ID', 'container'] as const;
const CONTAINER_FILES = ['/.dockerenv', '/run/.containerenv'] as const;
/** Platforms that draw windows without X11 or Wayland. */
const OWN_DISPLAY = new Set<NodeJS.Platform>(['darwin', 'win32']);

/**
 * Why a browser here may not be the user's, or may not reach this machine's sign-in port: an
 * SSH session, a container, no display. Each reason names what gave it away.
 */
export async function remoteReasons(
  input: Omit<RemoteSessionInput, 'deviceFlowSupported'>,
): Promise<string[]> {
  const { env } = input;
  const reasons: string[] = [];
  const ssh = SSH_VARIABLES.find((name) => env[name]);
  if (ssh) reasons.push(`an SSH session (${ssh} is set)`);
  const containerVariable = CONTAINER_VARIABLES.find((name) => env[name]);
  const containerFile = containerVariable ? undefined : await firstExisting(CONTAINER_FILES, input.exists);
  if (containerVariable) reasons.push(`a container (${containerVariable} is set)`);
  else if (containerFile) reasons.push(`a container (${containerFile} exists)`);
  if (!OWN_DISPLAY.has(input.platform) && !env['DISPLAY'] && !env['WAYLAND_DISPLAY']) {
    reasons.push('a machine with no display (neither DISPLAY nor WAYLAND_DISPLAY is set)');
  }
  return reasons;
}

/** Says which way to sign in: the browser here, or, from afar, the device code or the paste. */
export async function checkRemoteSession(input: RemoteSessionInput): Promise<CheckResult> {
  const base = { id: 'sign-in-method', title: 'Sign-in method' };
  const reasons = await remoteReasons(input);
  if (reasons.length === 0) {
    return {
      ...base,
      verdict: 'ok',
      detail: 'A local desktop session: pipecat-tray login opens your browser here.',
    };
  }
  const device = await input.deviceFlowSupported().catch(() => undefined);
  return {
    ...base,
    verdict: 'warn',
    detail: `This is ${reasons.join(' and ')}, so the browser you sign in with may be on another machine, where the sign-in cannot come back to this one.`,
    fix:
      device === true
        ? 'Sign in with "pipecat-tray login --device" and enter the code it shows on any device.'
        : device === false
          ? 'Sign in with "pipecat-tray login --no-browser", open the link on your computer, and paste the address the browser ends on back into the terminal.'
          : 'Sign in with "pipecat-tray login --no-browser" and paste the address the browser ends on back into the terminal (or "pipecat-tray login --device", if your identity provider offers it).',
  };
}

export interface SignInMethodCheckInput {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  apiHost: string;
  fetch: Fetch;
  allowInsecureLoopback: boolean;
}

/** The doctor entry, wired to the file system and to discovery (asked only for a remote session). */
export function signInMethodCheck(input: SignInMethodCheckInput): { id: string; title: string; run: Check } {
  const { env, platform, apiHost, fetch, allowInsecureLoopback } = input;
  return {
    id: 'sign-in-method',
    title: 'Sign-in method',
    run: () =>
      checkRemoteSession({
        env,
        platform,
        exists: (path) =>
          access(path).then(
            () => true,
            () => false,
          ),
        deviceFlowSupported: () =>
          discoverProvider({ apiHost, fetch, allowInsecureLoopback, timeoutMs: 10_000 }).then(
            supportsDeviceFlow,
          ),
      }),
  };
}

async function firstExisting(
  paths: readonly string[],
  exists: (path: string) => Promise<boolean>,
): Promise<string | undefined> {
  for (const path of paths) if (await exists(path)) return path;
  return undefined;
}
