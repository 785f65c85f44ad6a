import path from 'node:path';

const tails = new Map<string, Promise<unknown>>();

/** Runs `task` after every earlier task under the same key in this process has settled. */
export function serialized<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const result = previous.then(task, task);
  const tail = result.catch(() => undefined);
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return result;
}

/**
 * Runs `task` after every earlier task for the same file in this process has settled, so two
 * read-modify-writes never interleave and lose one another's change. (Other processes are the
 * file lock's job.)
 */
export function serialPerFile<T>(file: string, task: () => Promise<T>): Promise<T> {
  return serialized(`file:${path.resolve(file)}`, task);
}
