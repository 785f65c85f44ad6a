import { watch, type FSWatcher } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

const SETTLE_MS = 50;

/**
 * Calls `onChange` shortly after the credentials file may have changed. It watches the folder,
 * not the file: writers (the CLI and us) replace the file by rename, which a file watch loses.
 * Events are coalesced; the caller re-reads the file, so a spurious call costs one read.
 */
export function watchCredentialsFile(file: string, onChange: () => void): () => void {
  const folder = path.dirname(file);
  const name = path.basename(file);
  let watcher: FSWatcher | undefined;
  let settle: NodeJS.Timeout | undefined;
  let closed = false;
  const changed = (filename: string | Buffer | null): void => {
    // Some platforms omit the name: treat that as "maybe ours".
    if (filename !== null && filename.toString() !== name) return;
    if (settle) clearTimeout(settle);
    settle = setTimeout(onChange, SETTLE_MS);
  };
  void mkdir(folder, { recursive: true, mode: 0o700 })
    .then(() => {
      if (closed) return;
      watcher = watch(folder, { persistent: false }, (_event, filename) => changed(filename));
      watcher.on('error', () => undefined);
    })
    .catch(() => undefined);
  return () => {
    closed = true;
    if (settle) clearTimeout(settle);
    watcher?.close();
  };
}
