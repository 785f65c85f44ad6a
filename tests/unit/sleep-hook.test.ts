import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { SLEEP_MONITOR_COMMAND, watchLogindSleep } from '../../main/headless/sleep-hook.js';

class FakeChild extends EventEmitter {
  readonly stdout = new PassThrough();
  killed = false;
  kill(): boolean {
    this.killed = true;
    return true;
  }
}

function fakes() {
  const children: FakeChild[] = [];
  const spawned: string[][] = [];
  const fakeSpawn = (command: string, args: readonly string[]): ChildProcess => {
    spawned.push([command, ...args]);
    const child = new FakeChild();
    children.push(child);
    return child as unknown as ChildProcess;
  };
  return { children, spawned, spawn: fakeSpawn };
}

const SIGNAL = (on: boolean): string =>
  `/org/freedesktop/login1: org.freedesktop.login1.Manager.PrepareForSleep (${on},)\n`;

describe('watchLogindSleep', () => {
  it('holds a delay lock while it monitors logind, and refreshes before sleep, then releases it', async () => {
    const { children, spawned, spawn } = fakes();
    let asked = 0;
    const stop = watchLogindSleep(
      async () => {
        asked += 1;
      },
      { spawn, platform: 'linux', hasSystemBus: () => true },
    );
    expect(spawned).toEqual([[...SLEEP_MONITOR_COMMAND]]);
    expect(spawned[0]?.slice(0, 3)).toEqual(['systemd-inhibit', '--what=sleep', '--mode=delay']);
    const [child] = children;
    child?.stdout.write(SIGNAL(false));
    await nextTurn();
    expect(asked).toBe(0);
    child?.stdout.write(SIGNAL(true));
    await nextTurn();
    await nextTurn();
    expect(asked).toBe(1);
    expect(child?.killed).toBe(true);
    stop();
  });

  it('does not hold the sleep longer than maxDelayMs when the refresh hangs', async () => {
    const { children, spawn } = fakes();
    const stop = watchLogindSleep(() => new Promise(() => undefined), {
      spawn,
      platform: 'linux',
      hasSystemBus: () => true,
      maxDelayMs: 10,
    });
    children[0]?.stdout.write(SIGNAL(true));
    await vi.waitUntil(() => children[0]?.killed, { timeout: 5_000 });
    stop();
  });

  it('no system bus, or not Linux: starts nothing', () => {
    const { spawned, spawn } = fakes();
    watchLogindSleep(async () => undefined, { spawn, platform: 'linux', hasSystemBus: () => false })();
    watchLogindSleep(async () => undefined, { spawn, platform: 'darwin', hasSystemBus: () => true })();
    expect(spawned).toEqual([]);
  });

  it('programs that are not installed: no hook and no error', async () => {
    let failed: Promise<unknown> = Promise.resolve();
    const stop = watchLogindSleep(async () => undefined, {
      platform: 'linux',
      hasSystemBus: () => true,
      command: ['/nonexistent/systemd-inhibit-for-a-test'],
      spawn: (command, args) => {
        const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
        failed = new Promise((resolve) => child.once('error', resolve));
        return child;
      },
    });
    expect(await failed).toMatchObject({ code: 'ENOENT' });
    stop();
  });

  it('stop ends the child', () => {
    const { children, spawn } = fakes();
    watchLogindSleep(async () => undefined, { spawn, platform: 'linux', hasSystemBus: () => true })();
    expect(children[0]?.killed).toBe(true);
  });
});
