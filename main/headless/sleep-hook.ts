import { spawn as nodeSpawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * The daemon's "about to sleep" (issue 11), from logind on Linux. Two small programs that ship
 * with systemd and GLib do the D-Bus work in a child process, so the daemon loads no D-Bus
 * library and pays nothing where there is no system bus: `systemd-inhibit` holds a delay lock
 * (logind then waits up to InhibitDelayMaxSec, 5 s by default, before sleeping) while `gdbus
 * monitor` prints logind's signals. On PrepareForSleep(true) the daemon refreshes if the token
 * would not outlive a long night, then ends the child, which releases the lock, and starts it
 * again after the wake. No bus, no programs, or no permission: no hook, and no error.
 */
export const SLEEP_MONITOR_COMMAND: readonly string[] = [
  'systemd-inhibit',
  '--what=sleep',
  '--mode=delay',
  '--who=Pipecat Cloud Tray',
  '--why=Refreshing the Pipecat Cloud session before sleep',
  'gdbus',
  'monitor',
  '--system',
  '--dest',
  'org.freedesktop.login1',
  '--object-path',
  '/org/freedesktop/login1',
];

const PREPARE_FOR_SLEEP = /\.PrepareForSleep \(true,?\)/;
/** Under logind's default 5 s delay: the refresh is not waited for longer. */
export const BEFORE_SLEEP_MAX_MS = 4_000;
/** Timers stand still while the machine sleeps: this fires this long after the wake. */
const RESTART_AFTER_MS = 5_000;

export interface SleepHookOptions {
  spawn?: (command: string, args: readonly string[]) => ChildProcess;
  command?: readonly string[];
  /** Whether there is a system bus to listen to. */
  hasSystemBus?: () => boolean;
  platform?: NodeJS.Platform;
  maxDelayMs?: number;
}

function systemBusPresent(): boolean {
  return Boolean(process.env['DBUS_SYSTEM_BUS_ADDRESS']) || existsSync('/run/dbus/system_bus_socket');
}

/** Starts listening; returns a function that stops (and ends the child). */
export function watchLogindSleep(
  beforeSleep: () => Promise<unknown>,
  options: SleepHookOptions = {},
): () => void {
  if ((options.platform ?? process.platform) !== 'linux' || !(options.hasSystemBus ?? systemBusPresent)()) {
    return () => undefined;
  }
  const spawn =
    options.spawn ?? ((command, args) => nodeSpawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] }));
  const [program = '', ...args] = options.command ?? SLEEP_MONITOR_COMMAND;
  let child: ChildProcess | undefined;
  let restart: NodeJS.Timeout | undefined;
  let stopped = false;

  const start = (): void => {
    if (stopped) return;
    const running = spawn(program, args);
    child = running;
    // Not installed, no bus, no permission: the child fails or exits, and nothing restarts it.
    running.on('error', () => undefined);
    if (!running.stdout) return;
    createInterface({ input: running.stdout }).on('line', (line) => {
      if (PREPARE_FOR_SLEEP.test(line)) void sleeping(running);
    });
  };

  const sleeping = async (running: ChildProcess): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const capped = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, options.maxDelayMs ?? BEFORE_SLEEP_MAX_MS);
    });
    await Promise.race([beforeSleep().catch(() => undefined), capped]);
    clearTimeout(timer);
    // Ending the child releases the delay lock: logind goes on to sleep.
    running.kill();
    if (child === running) child = undefined;
    restart = setTimeout(start, RESTART_AFTER_MS);
    restart.unref();
  };

  start();
  return () => {
    stopped = true;
    if (restart) clearTimeout(restart);
    child?.kill();
  };
}
