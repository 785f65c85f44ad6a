/** Starts writer processes, releases them at the same moment, and collects what each measured. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ParentMessage, WriterMessage, WriterTask } from './writer-protocol.js';

const WRITER = fileURLToPath(new URL('./writer-child.js', import.meta.url));
const SAFETY_TIMEOUT_MS = 120_000;

export interface WriterResult {
  task: WriterTask;
  latenciesMs: number[];
  lost: number;
}

interface Writer {
  child: ChildProcess;
  ready: Promise<void>;
  done: Promise<WriterResult>;
}

function startWriter(task: WriterTask): Writer {
  const child = fork(WRITER, [JSON.stringify(task)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const done = new Promise<WriterResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`writer ${task.label} did not finish within ${SAFETY_TIMEOUT_MS} ms`));
    }, SAFETY_TIMEOUT_MS);
    child.on('message', (message: WriterMessage) => {
      if (message.type === 'ready') return markReady();
      clearTimeout(timer);
      if (message.type === 'failed') reject(new Error(`writer ${task.label}: ${message.message}`));
      else resolve({ task, latenciesMs: message.latenciesMs, lost: message.lost });
    });
    // 'close' comes after the IPC channel closed, so a report sent before exiting has arrived.
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`writer ${task.label} exited (${code}) before reporting`));
    });
  });
  // A writer that fails before "ready" must not leave the pool waiting forever.
  done.catch(() => markReady());
  return { child, ready, done };
}

/** Runs every task in its own process, all starting together; resolves when all have reported. */
export async function runWriters(tasks: readonly WriterTask[]): Promise<WriterResult[]> {
  const writers = tasks.map(startWriter);
  await Promise.all(writers.map((writer) => writer.ready));
  const go: ParentMessage = { type: 'go' };
  for (const writer of writers) writer.child.send(go);
  return Promise.all(writers.map((writer) => writer.done));
}
