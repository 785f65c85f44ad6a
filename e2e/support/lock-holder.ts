/**
 * A child process for the lock tests (run built: `node dist/e2e/support/lock-holder.js …`).
 *   hold <lock>                  takes the lock, prints "held <pid>", then waits to be killed;
 *   count <lock> <counter> <n>   n times: takes the lock, adds one to the counter file, releases;
 *                                prints "done";
 *   die <lock> <counter>         takes the lock, adds one to the counter, and SIGKILLs itself
 *                                while still holding it, so the next taker must take it over.
 * Inside the lock each one creates `<counter>.inside` exclusively and removes it before leaving:
 * finding it there means two holders at once (exit 4).
 */
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { acquireFileLock, type FileLockOptions } from '../../main/core/lock/index.js';

const OPTIONS: FileLockOptions = {
  waitMs: 60_000,
  staleMs: 20_000,
  updateMs: 5_000,
  onCompromised: (error) => {
    process.stderr.write(`compromised: ${error.message}\n`);
    process.exit(3);
  },
};

/** The critical section: proves it is alone, then a read-yield-write increment. */
async function increment(counter: string): Promise<void> {
  const inside = `${counter}.inside`;
  const marker = await open(inside, 'wx').catch(() => {
    process.stderr.write('two holders at once\n');
    process.exit(4);
  });
  await marker.close();
  const value = Number((await readFile(counter, 'utf8').catch(() => '0')).trim() || '0');
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
  await writeFile(counter, `${value + 1}\n`);
  await rm(inside);
}

async function count(lock: string, counter: string, times: number): Promise<void> {
  for (let i = 0; i < times; i += 1) {
    const release = await acquireFileLock(lock, OPTIONS);
    await increment(counter);
    await release();
  }
  process.stdout.write('done\n');
}

async function die(lock: string, counter: string): Promise<void> {
  await acquireFileLock(lock, OPTIONS);
  await increment(counter);
  process.kill(process.pid, 'SIGKILL');
}

async function main(): Promise<void> {
  const [mode, lock, counter, times] = process.argv.slice(2);
  if (mode === 'hold' && lock) {
    await acquireFileLock(lock, OPTIONS);
    process.stdout.write(`held ${process.pid}\n`);
    setInterval(() => undefined, 1 << 30);
    return;
  }
  if (mode === 'count' && lock && counter && times) return count(lock, counter, Number(times));
  if (mode === 'die' && lock && counter) return die(lock, counter);
  process.stderr.write(
    'usage: lock-holder hold <lock> | count <lock> <counter> <n> | die <lock> <counter>\n',
  );
  process.exit(2);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
