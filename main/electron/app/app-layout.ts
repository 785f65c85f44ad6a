import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WindowKind } from '../../ipc/actions.js';
import { pageFileName } from './window-options.js';

/** Where the built pieces of the app are, relative to the compiled main.js. */
export interface AppLayout {
  rendererDir: string;
  /** scripts/build-renderer.js bundles the sandboxed preload into one CommonJS file. */
  preloadPath: string;
  /** The file:// URL of each window's page: what windows load and what IPC trusts. */
  pageUrls: Readonly<Record<WindowKind, string>>;
}

/**
 * `mainDir` is the folder of dist/main/electron/main.js; dist/renderer and dist/preload sit two
 * levels up, the same in a checkout and inside app.asar.
 */
export function appLayout(mainDir: string): AppLayout {
  const dist = path.resolve(mainDir, '..', '..');
  const rendererDir = path.join(dist, 'renderer');
  const pageUrl = (kind: WindowKind): string =>
    pathToFileURL(path.join(rendererDir, pageFileName(kind))).href;
  return {
    rendererDir,
    preloadPath: path.join(dist, 'preload', 'preload.cjs'),
    pageUrls: Object.freeze({ account: pageUrl('account'), pat: pageUrl('pat') }),
  };
}
