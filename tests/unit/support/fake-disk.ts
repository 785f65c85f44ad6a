/**
 * An in-memory folder tree for the lock's tests, on the virtual clock: every operation takes 0 to
 * `maxLatencyMs` virtual milliseconds and happens at once at its end (as mkdir and rename do), and
 * watchers hear of each change in a folder. It can be made full (ENOSPC) or silent (no events).
 */
import path from 'node:path';
import type { LockFs } from '../../../main/core/lock/index.js';
import type { VirtualClock } from './virtual-clock.js';

interface Entry {
  kind: 'dir' | 'file';
  text: string;
  mtimeMs: number;
}

/** Runs a callback on behalf of one process: later, never (killed), or once it thaws. */
export type Gate = (callback: () => void) => () => void;

function fail(code: string, target: string): never {
  throw Object.assign(new Error(`${code}: ${target}`), { code });
}

export class FakeDisk {
  /** No room: new folders and file contents fail with ENOSPC (an empty file still fits, as on ext4). */
  full = false;
  /** Watchers hear nothing, as on some network file systems. */
  silent = false;
  /** Called before each operation takes effect (e.g. to fill the disk at a given moment). */
  beforeEach: ((op: keyof LockFs, target: string) => void) | undefined;

  private readonly entries = new Map<string, Entry>([['/', { kind: 'dir', text: '', mtimeMs: 0 }]]);
  private readonly watchers = new Set<{ folder: string; onChange: (name: string) => void }>();

  constructor(
    private readonly clock: VirtualClock,
    private readonly maxLatencyMs = 2,
  ) {}

  /** What is in `folder` now, sorted. */
  namesIn(folder: string): string[] {
    return this.children(folder).sort();
  }

  has(target: string): boolean {
    return this.entries.has(target);
  }

  /** Puts an entry in place at once (test set-up), with `mtimeMs` defaulting to now. */
  plant(target: string, kind: 'dir' | 'file', text = '', mtimeMs = this.clock.now()): void {
    for (let up = path.dirname(target); !this.entries.has(up); up = path.dirname(up)) {
      this.entries.set(up, { kind: 'dir', text: '', mtimeMs });
    }
    this.entries.set(target, { kind, text, mtimeMs });
  }

  /** The file operations as one process sees them: its results arrive through `gate`. */
  view(gate: Gate): LockFs {
    const op =
      <T>(name: keyof LockFs, effect: (target: string) => T) =>
      (target: string): Promise<T> =>
        new Promise<T>((resolve, reject) => {
          const delay = Math.floor(this.clock.random() * (this.maxLatencyMs + 1));
          this.clock.setTimeout(
            gate(() => {
              try {
                this.beforeEach?.(name, target);
                resolve(effect(target));
              } catch (error) {
                reject(error as Error);
              }
            }),
            delay,
          );
        });
    return {
      ensureFolder: op('ensureFolder', (target) => this.ensureFolder(target)),
      createFolder: op('createFolder', (target) => this.create(target, 'dir', '')),
      createFile: (file, text) => op('createFile', (target) => this.create(target, 'file', text))(file),
      readText: op('readText', (target) => this.file(target).text),
      list: op('list', (target) => this.list(target)),
      mtimeMs: op('mtimeMs', (target) => this.entry(target).mtimeMs),
      touch: (target, ms) => op('touch', (t) => this.touch(t, ms))(target),
      rename: (from, to) => op('rename', (target) => this.rename(target, to))(from),
      remove: op('remove', (target) => this.remove(target)),
      removeFile: op('removeFile', (target) => {
        if (this.entries.get(target)?.kind === 'dir') fail('EISDIR', target);
        this.remove(target);
      }),
      removeEmptyFolder: op('removeEmptyFolder', (target) => {
        if (this.entry(target).kind !== 'dir') fail('ENOTDIR', target);
        if (this.children(target).length > 0) fail('ENOTEMPTY', target);
        this.remove(target);
      }),
      watch: (folder, onChange) => {
        const watcher = { folder, onChange: (name: string) => gate(() => onChange(name))() };
        this.watchers.add(watcher);
        return () => this.watchers.delete(watcher);
      },
    };
  }

  private children(folder: string): string[] {
    const prefix = folder === '/' ? '/' : `${folder}/`;
    return [...this.entries.keys()]
      .filter((key) => key !== folder && key.startsWith(prefix) && !key.slice(prefix.length).includes('/'))
      .map((key) => key.slice(prefix.length));
  }

  private entry(target: string): Entry {
    return this.entries.get(target) ?? fail('ENOENT', target);
  }

  private file(target: string): Entry {
    const entry = this.entry(target);
    return entry.kind === 'file' ? entry : fail('EISDIR', target);
  }

  private list(folder: string): string[] {
    if (this.entry(folder).kind !== 'dir') fail('ENOTDIR', folder);
    return this.children(folder);
  }

  private ensureFolder(folder: string): void {
    if (this.entries.has(folder)) return;
    this.ensureFolder(path.dirname(folder));
    this.create(folder, 'dir', '');
  }

  private create(target: string, kind: Entry['kind'], text: string): void {
    const parent = this.entries.get(path.dirname(target));
    if (!parent) fail('ENOENT', target);
    if (parent.kind !== 'dir') fail('ENOTDIR', target);
    if (this.entries.has(target)) fail('EEXIST', target);
    if (this.full && kind === 'dir') fail('ENOSPC', target);
    this.entries.set(target, { kind, text: this.full ? '' : text, mtimeMs: this.clock.now() });
    this.changed(target);
    if (this.full && text !== '') fail('ENOSPC', target);
  }

  private touch(target: string, ms: number): void {
    this.entry(target).mtimeMs = ms;
    this.changed(target, false);
  }

  private rename(from: string, to: string): void {
    const source = this.entry(from);
    const existing = this.entries.get(to);
    if (existing && source.kind === 'dir') {
      if (existing.kind !== 'dir') fail('ENOTDIR', to);
      if (this.children(to).length > 0) fail('ENOTEMPTY', to);
    }
    if (existing?.kind === 'dir' && source.kind === 'file') fail('EISDIR', to);
    if (!this.entries.has(path.dirname(to))) fail('ENOENT', to);
    for (const [key, entry] of [...this.entries]) {
      if (key !== from && !key.startsWith(`${from}/`)) continue;
      this.entries.delete(key);
      this.entries.set(to + key.slice(from.length), entry);
    }
    this.changed(from);
    this.changed(to);
  }

  private remove(target: string): void {
    if (!this.entries.has(target)) return;
    for (const key of [...this.entries.keys()]) {
      if (key === target || key.startsWith(`${target}/`)) this.entries.delete(key);
    }
    this.changed(target);
  }

  /** Tells the watchers of `target`'s folder; a new or removed entry also changes the folder's mtime. */
  private changed(target: string, touchesFolder = true): void {
    const folder = path.dirname(target);
    const parent = this.entries.get(folder);
    if (parent && touchesFolder) parent.mtimeMs = this.clock.now();
    if (this.silent) return;
    for (const watcher of this.watchers) {
      if (watcher.folder !== folder) continue;
      this.clock.setTimeout(() => watcher.onChange(path.basename(target)), 0);
    }
  }
}
