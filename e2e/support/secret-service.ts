/**
 * A real Secret Service for the keychain tests: a private D-Bus session bus (`dbus-daemon
 * --session`) with GNOME Keyring's secrets component on it, unlocked with an empty password, in a
 * scratch HOME. Processes that should use it get `env` (DBUS_SESSION_BUS_ADDRESS); nothing of the
 * developer's own session bus or keyring is touched. `.ci/run` installs the binaries from Debian
 * (gnome-keyring, dbus-daemon, libglib2.0-bin for gdbus).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { startProcess } from './child-process.js';

const BINARIES = ['dbus-daemon', 'gdbus', 'gnome-keyring-daemon'] as const;
const SAFETY_TIMEOUT_S = 30;

/** A session bus of its own: no service activation (nothing starts behind the test's back). */
const BUS_CONFIG = (socket: string): string => `<!DOCTYPE busconfig PUBLIC
 "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socket}</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;

export interface SecretService {
  /** What a process needs to use this keyring instead of any other. */
  readonly env: { DBUS_SESSION_BUS_ADDRESS: string };
  close(): Promise<void>;
}

/** Why the keychain tests cannot run here (a missing binary), or undefined when they can. */
export function secretServiceMissing(): string | undefined {
  const missing = BINARIES.filter((name) => !onPath(name));
  if (missing.length === 0) return undefined;
  return `the keychain tests need ${missing.join(', ')} (apt-get install gnome-keyring dbus-daemon libglib2.0-bin; .ci/run installs them)`;
}

export async function startSecretService(): Promise<SecretService> {
  const missing = secretServiceMissing();
  if (missing) throw new Error(missing);
  const home = await mkdtemp(path.join(tmpdir(), 'pipecat-tray-keyring-'));
  const scratch = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    XDG_RUNTIME_DIR: path.join(home, 'run'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CONFIG_HOME: path.join(home, 'config'),
  };
  await mkdir(scratch.XDG_RUNTIME_DIR, { mode: 0o700 });
  await writeFile(path.join(home, 'bus.conf'), BUS_CONFIG(path.join(home, 'bus')));
  const children: ChildProcess[] = [];
  const own = (child: ChildProcess): ChildProcess => (children.push(child), child);
  try {
    const bus = own(
      spawn(
        'dbus-daemon',
        [`--config-file=${path.join(home, 'bus.conf')}`, '--nofork', '--print-address=1'],
        {
          env: scratch,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      ),
    );
    const env = { DBUS_SESSION_BUS_ADDRESS: await firstLine(bus) };
    // In the foreground it stays our child; an empty password (a lone newline) creates and unlocks
    // the login keyring, which becomes the default collection.
    const keyring = own(
      spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
        env: { ...scratch, ...env },
        stdio: ['pipe', 'ignore', 'pipe'],
      }),
    );
    keyring.stdin?.end('\n');
    await waitForName(scratch, env, 'org.freedesktop.secrets');
    return { env, close: () => stop(children, home) };
  } catch (error) {
    await stop(children, home);
    throw error;
  }
}

/** Stops what we started, by process, the keyring before its bus, and removes the scratch HOME. */
async function stop(children: readonly ChildProcess[], home: string): Promise<void> {
  for (const child of [...children].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await rm(home, { recursive: true, force: true });
}

/** Resolves once `name` has an owner on the bus (gdbus waits for the bus's own signal). */
async function waitForName(base: NodeJS.ProcessEnv, env: SecretService['env'], name: string): Promise<void> {
  const address = env.DBUS_SESSION_BUS_ADDRESS;
  const result = await startProcess(
    'gdbus',
    ['wait', '--address', address, '--timeout', `${SAFETY_TIMEOUT_S}`, name],
    {
      env: base,
      cwd: base['HOME'] ?? tmpdir(),
      timeoutMs: (SAFETY_TIMEOUT_S + 5) * 1000,
    },
  ).result;
  if (result.code !== 0) throw new Error(`${name} never appeared on the test bus: ${result.stderr}`);
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error('dbus-daemon has no stdout'));
    const lines = createInterface({ input: child.stdout });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    lines.once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) =>
      reject(new Error(`dbus-daemon exited (${code}) before its address: ${stderr}`)),
    );
    child.once('error', reject);
  });
}

function onPath(name: string): boolean {
  return (process.env['PATH'] ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
