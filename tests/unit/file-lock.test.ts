/**
 * The app's file lock on a virtual clock and an in-memory disk shared by simulated processes:
 * one holder at a time, turns in arrival order, dead and frozen holders replaced, remote ones
 * never judged by their pid, and nothing left in the folder after a kill or a full disk.
 */
import { describe, expect, it } from 'vitest';
import { LockHeldError, type FileLockOptions } from '../../main/core/lock/index.js';
import { HOST, LockWorld, type SimProcess } from './support/lock-world.js';

const FOLDER = '/home/dev/.config/pipecatcloud';
const LOCK = `${FOLDER}/.pipecat-tray.lock`;
const CREDENTIALS = 'pipecatcloud.toml';
const OPTIONS: FileLockOptions = {
  waitMs: 30_000,
  staleMs: 20_000,
  updateMs: 5_000,
  onCompromised: () => undefined,
};
const AT_ONCE: FileLockOptions = { ...OPTIONS, waitMs: 0 };

function newWorld(seed = 1): LockWorld {
  const world = new LockWorld({ seed });
  world.disk.plant(`${FOLDER}/${CREDENTIALS}`, 'file', 'token = "x"\n');
  return world;
}

const tickets = (world: LockWorld): string[] =>
  world.disk.namesIn(FOLDER).filter((name) => name.startsWith('.pipecat-tray.lock.wait-'));

const hold = (world: LockWorld, ms: number): Promise<void> =>
  new Promise((resolve) => world.clock.setTimeout(resolve, ms));

async function refusal(world: LockWorld, taking: Promise<unknown>): Promise<unknown> {
  return world.settle(taking).then(
    () => new Error('the lock was taken'),
    (error: unknown) => error,
  );
}

async function ownerPid(process: SimProcess): Promise<number | undefined> {
  return (await process.locks.readOwner(LOCK))?.pid;
}

describe('file lock: one holder at a time', () => {
  it.each([1, 2, 3])('four processes taking it 10 times each never overlap (seed %i)', async (seed) => {
    const world = newWorld(seed);
    let inside = 0;
    let most = 0;
    let count = 0;
    const worker = async (process: SimProcess): Promise<void> => {
      for (let i = 0; i < 10; i += 1) {
        const release = await process.locks.acquire(LOCK, OPTIONS);
        inside += 1;
        most = Math.max(most, inside);
        const before = count;
        await hold(world, i % 3);
        count = before + 1;
        inside -= 1;
        await release();
      }
    };
    await world.settle(Promise.all([1, 2, 3, 4].map((pid) => worker(world.spawn(pid)))));
    expect(most).toBe(1);
    expect(count).toBe(40);
    expect(world.disk.namesIn(FOLDER)).toEqual([CREDENTIALS]);
  });

  it('holders that die holding it, one after another, are each taken over by exactly one waiter', async () => {
    const world = newWorld();
    let inside = 0;
    let count = 0;
    let nextPid = 100;
    const lane = async (): Promise<void> => {
      for (let i = 0; i < 5; i += 1) {
        const process = world.spawn((nextPid += 1));
        await process.locks.acquire(LOCK, OPTIONS);
        if (inside > 0) throw new Error('two holders at once');
        inside += 1;
        count += 1;
        process.kill();
        inside -= 1;
      }
    };
    await world.settle(Promise.all([lane(), lane(), lane(), lane()]));
    expect(count).toBe(20);
  });
});

describe('file lock: turns', () => {
  it('serves waiters in the order they came; a holder that wants it again goes behind them', async () => {
    const world = newWorld();
    const [a, b, c, d] = [1, 2, 3, 4].map((pid) => world.spawn(pid)) as [
      SimProcess,
      SimProcess,
      SimProcess,
      SimProcess,
    ];
    const releaseA = await world.settle(a.locks.acquire(LOCK, OPTIONS));
    const order: number[] = [];
    const take = async (process: SimProcess): Promise<void> => {
      const release = await process.locks.acquire(LOCK, OPTIONS);
      order.push(process.pid);
      await hold(world, 2);
      await release();
    };
    const turns: Promise<void>[] = [];
    for (const [i, process] of [b, c, d].entries()) {
      turns.push(take(process));
      await world.until(() => tickets(world).length === i + 1);
    }
    turns.push(releaseA().then(() => take(a)));
    await world.settle(Promise.all(turns));
    expect(order).toEqual([2, 3, 4, 1]);
  });

  it('two processes writing back to back take turns', async () => {
    const world = newWorld();
    const order: number[] = [];
    const writer = async (process: SimProcess): Promise<void> => {
      for (let i = 0; i < 20; i += 1) {
        const release = await process.locks.acquire(LOCK, OPTIONS);
        order.push(process.pid);
        await hold(world, 20);
        await release();
      }
    };
    await world.settle(Promise.all([writer(world.spawn(1)), writer(world.spawn(2))]));
    const bothWriting = order.slice(0, order.lastIndexOf(order.at(-1) === 1 ? 2 : 1) + 1);
    const twiceInARow = bothWriting.filter((pid, i) => i > 0 && bothWriting[i - 1] === pid).length;
    // At most once, at the start: the first holder may come back before the other has joined the line.
    expect(twiceInARow, order.join(' ')).toBeLessThanOrEqual(1);
  });

  it('a waiter wakes on the release; without folder events the poll still hands it over', async () => {
    for (const silent of [false, true]) {
      const world = newWorld();
      world.disk.silent = silent;
      const [a, b] = [world.spawn(1), world.spawn(2)];
      const releaseA = await world.settle(a.locks.acquire(LOCK, OPTIONS));
      const taking = b.locks.acquire(LOCK, OPTIONS);
      await world.until(() => tickets(world).length === 1);
      await world.pass(1_000);
      await world.settle(releaseA());
      const releasedAt = world.clock.now();
      await world.settle(taking);
      // Virtual milliseconds: an event hands it over within a few file operations, the poll within 100 ms.
      expect(world.clock.now() - releasedAt).toBeLessThanOrEqual(silent ? 110 : 15);
    }
  });
});

describe('file lock: holders that are gone', () => {
  it('replaces a killed holder before it would go stale, and leaves nothing behind', async () => {
    const world = newWorld();
    const [a, b] = [world.spawn(1), world.spawn(2)];
    await world.settle(a.locks.acquire(LOCK, OPTIONS));
    a.kill();
    const started = world.clock.now();
    const release = await world.settle(b.locks.acquire(LOCK, OPTIONS));
    expect(world.clock.now() - started).toBeLessThan(OPTIONS.staleMs / 10);
    expect(await world.settle(ownerPid(b))).toBe(2);
    await world.settle(release());
    expect(world.disk.namesIn(FOLDER)).toEqual([CREDENTIALS]);
  });

  it('skips and removes the ticket of a waiter that was killed', async () => {
    const world = newWorld();
    const [a, b, c] = [world.spawn(1), world.spawn(2), world.spawn(3)];
    const releaseA = await world.settle(a.locks.acquire(LOCK, OPTIONS));
    void b.locks.acquire(LOCK, OPTIONS);
    await world.until(() => tickets(world).length === 1);
    b.kill();
    const taking = c.locks.acquire(LOCK, OPTIONS);
    await world.pass(500);
    await world.settle(releaseA());
    await world.settle((await world.settle(taking))());
    expect(world.disk.namesIn(FOLDER)).toEqual([CREDENTIALS]);
  });

  it('takes over a frozen holder after staleMs; the holder hears of it when it thaws', async () => {
    const world = newWorld();
    const [a, b] = [world.spawn(1), world.spawn(2)];
    const lost: string[] = [];
    const releaseA = await world.settle(
      a.locks.acquire(LOCK, { ...OPTIONS, onCompromised: (error) => lost.push(error.message) }),
    );
    a.freeze();
    const started = world.clock.now();
    const releaseB = await world.settle(b.locks.acquire(LOCK, { ...OPTIONS, waitMs: 60_000 }));
    expect(world.clock.now() - started).toBeGreaterThanOrEqual(OPTIONS.staleMs);
    a.thaw();
    await world.pass(OPTIONS.updateMs);
    expect(lost).toEqual([`${LOCK} was taken over by another process`]);
    await world.settle(releaseA());
    expect(await world.settle(ownerPid(b)), "A's release leaves B's lock alone").toBe(2);
    await world.settle(releaseB());
    expect(world.disk.namesIn(FOLDER)).toEqual([CREDENTIALS]);
  });

  it('a live holder keeps it fresh past staleMs', async () => {
    const world = newWorld();
    const [a, b] = [world.spawn(1), world.spawn(2)];
    const lost: Error[] = [];
    await world.settle(a.locks.acquire(LOCK, { ...OPTIONS, onCompromised: (error) => lost.push(error) }));
    await world.pass(3 * OPTIONS.staleMs);
    const error = await refusal(world, b.locks.acquire(LOCK, AT_ONCE));
    expect(error).toBeInstanceOf(LockHeldError);
    expect((error as LockHeldError).holderPid).toBe(1);
    expect(lost).toEqual([]);
    expect(tickets(world), 'a refused taker leaves no ticket').toEqual([]);
  });

  it('a holder on another machine is never judged dead by its pid', async () => {
    const world = newWorld();
    const b = world.spawn(2);
    world.disk.plant(LOCK, 'dir');
    world.disk.plant(
      `${LOCK}/owner.json`,
      'file',
      JSON.stringify({ pid: 4242, host: 'elsewhere', nonce: 'r' }),
    );
    const error = await refusal(world, b.locks.acquire(LOCK, { ...OPTIONS, waitMs: 5_000 }));
    expect((error as LockHeldError).holderPid).toBe(4242);
  });

  it("a lock naming this process's pid but none of its acquisitions is a previous life's", async () => {
    const world = newWorld();
    const a = world.spawn(1);
    world.disk.plant(LOCK, 'dir');
    world.disk.plant(`${LOCK}/owner.json`, 'file', JSON.stringify({ pid: 1, host: HOST, nonce: 'before' }));
    await world.settle((await world.settle(a.locks.acquire(LOCK, AT_ONCE)))());
  });

  it('a lock without an owner file is waited for while fresh and taken over once abandoned', async () => {
    const world = newWorld();
    const a = world.spawn(1);
    world.disk.plant(LOCK, 'dir');
    expect((await refusal(world, a.locks.acquire(LOCK, AT_ONCE))) as LockHeldError).toMatchObject({
      holderPid: undefined,
    });
    await world.pass(2_500);
    await world.settle((await world.settle(a.locks.acquire(LOCK, AT_ONCE)))());
    expect(world.disk.namesIn(FOLDER)).toEqual([CREDENTIALS]);
  });
});

describe('file lock: nothing left behind (issue 11)', () => {
  it('on a full disk the acquisition fails with ENOSPC and leaves nothing', async () => {
    const world = newWorld();
    const a = world.spawn(1);
    world.disk.full = true;
    expect(await refusal(world, a.locks.acquire(LOCK, OPTIONS))).toMatchObject({ code: 'ENOSPC' });
    expect(world.disk.namesIn(FOLDER)).toEqual([CREDENTIALS]);
  });

  it('a disk that fills between the lock folder and its owner file leaves nothing either', async () => {
    const world = newWorld();
    const a = world.spawn(1);
    world.disk.beforeEach = (op, target) => {
      if (op === 'createFile' && target.endsWith('owner.json')) world.disk.full = true;
    };
    expect(await refusal(world, a.locks.acquire(LOCK, OPTIONS))).toMatchObject({ code: 'ENOSPC' });
    expect(world.disk.namesIn(FOLDER)).toEqual([CREDENTIALS]);
    world.disk.beforeEach = undefined;
    world.disk.full = false;
    await world.settle((await world.settle(a.locks.acquire(LOCK, OPTIONS)))());
    expect(world.disk.namesIn(FOLDER)).toEqual([CREDENTIALS]);
  });

  it('a waiter whose turn comes on a full disk fails and takes its ticket away', async () => {
    const world = newWorld();
    const [a, b] = [world.spawn(1), world.spawn(2)];
    const releaseA = await world.settle(a.locks.acquire(LOCK, OPTIONS));
    const taking = b.locks.acquire(LOCK, OPTIONS);
    await world.until(() => tickets(world).length === 1);
    world.disk.full = true;
    await world.settle(releaseA());
    expect(await refusal(world, taking)).toMatchObject({ code: 'ENOSPC' });
    expect(world.disk.namesIn(FOLDER)).toEqual([CREDENTIALS]);
  });

  it('a taker that cannot join the line on a full disk fails and leaves no ticket', async () => {
    const world = newWorld();
    const [a, b] = [world.spawn(1), world.spawn(2)];
    const releaseA = await world.settle(a.locks.acquire(LOCK, OPTIONS));
    world.disk.full = true;
    expect(await refusal(world, b.locks.acquire(LOCK, OPTIONS))).toMatchObject({ code: 'ENOSPC' });
    await world.settle(releaseA());
    expect(world.disk.namesIn(FOLDER)).toEqual([CREDENTIALS]);
  });

  it("a process's first lock in the folder sweeps what killed runs left; live entries stay", async () => {
    const world = newWorld();
    const [daemon, p] = [world.spawn(7), world.spawn(8)];
    const owner = (pid: number, nonce: string): string => JSON.stringify({ pid, host: HOST, nonce });
    const plantLock = (lockPath: string, text?: string, mtimeMs?: number): void => {
      world.disk.plant(lockPath, 'dir', '', mtimeMs);
      if (text !== undefined) world.disk.plant(`${lockPath}/owner.json`, 'file', text, mtimeMs);
    };
    await world.pass(60_000);
    plantLock(`${FOLDER}/.pipecat-tray-daemon-0123456789abcdef.lock`, owner(7, 'running'));
    plantLock(`${LOCK}.dead-1a2b3c`, owner(901, '1a2b3c')); // an older version's tombstone
    plantLock(`${LOCK}.dead-unowned-123`, undefined, 0); // and one of a holder with no owner file
    plantLock(`${LOCK}.dead-reused`, owner(7, 'reused'), 0); // a tombstone whose pid lives again
    plantLock(`${FOLDER}/.pipecat-tray-daemon-fedcba9876543210.lock`, owner(902, 'killed-daemon'));
    world.disk.plant(`${LOCK}.wait-4-903-${'0'.repeat(8)}-killed`, 'file');
    plantLock(LOCK, owner(904, 'killed-holder'));
    void daemon;

    await world.settle((await world.settle(p.locks.acquire(LOCK, OPTIONS)))());
    expect(world.disk.namesIn(FOLDER)).toEqual(
      [CREDENTIALS, '.pipecat-tray-daemon-0123456789abcdef.lock'].sort(),
    );
  });
});
