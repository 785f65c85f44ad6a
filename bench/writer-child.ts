/**
 * One writer process of the two-writer benchmark: waits for "go", then writes its host's
 * credentials `writes` times through the app's CredentialsStore behind the cross-process lock,
 * timing each write, and checking before each one that its previous write is still in the file.
 */
import { performance } from 'node:perf_hooks';
import { CredentialsStore } from '../main/core/credentials/index.js';
import { withCredentialsLock } from '../main/core/lock/index.js';
import { tokenOf, type ParentMessage, type WriterMessage, type WriterTask } from './writer-protocol.js';

function send(message: WriterMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) return reject(new Error('writer-child must be started with an IPC channel'));
    process.send(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
  });
}

function waitForGo(): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (message: ParentMessage): void => {
      if (message.type !== 'go') return;
      process.off('message', onMessage);
      resolve();
    };
    process.on('message', onMessage);
  });
}

async function runWrites(task: WriterTask): Promise<WriterMessage> {
  const store = new CredentialsStore({
    path: task.configPath,
    apiHost: task.apiHost,
    lock: (work) => withCredentialsLock(task.configPath, work),
  });
  const latenciesMs: number[] = [];
  let lost = 0;
  for (let i = 0; i < task.writes; i += 1) {
    if (i > 0 && (await store.read())?.token !== tokenOf(task.label, i - 1)) lost += 1;
    const credentials = {
      token: tokenOf(task.label, i),
      refreshToken: `${task.label}-refresh-${i}`,
      tokenExpiresAt: Math.floor(Date.now() / 1000) + 86_400,
    };
    const start = performance.now();
    await store.write(credentials);
    latenciesMs.push(performance.now() - start);
  }
  return { type: 'done', latenciesMs, lost };
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '') as WriterTask;
  const go = waitForGo();
  await send({ type: 'ready' });
  await go;
  const result = await runWrites(task).catch((error: unknown): WriterMessage => ({
    type: 'failed',
    message: String(error),
  }));
  await send(result);
  process.disconnect();
}

await main();
