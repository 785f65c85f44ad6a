import { BrowserWindow } from 'electron';
import type { AppLayout } from './app-layout.js';
import type { WindowKind } from '../../ipc/actions.js';
import { windowOptions } from './window-options.js';

/**
 * A tray window, created hidden with the hardened options and loading its page from dist/renderer
 * (by the same file:// URL IPC trusts). Navigation, popups and permissions are guarded for every
 * webContents in main.ts; the page itself carries a strict CSP.
 */
export function createTrayWindow(kind: WindowKind, layout: AppLayout, devTools: boolean): BrowserWindow {
  const window = new BrowserWindow(windowOptions(kind, layout.preloadPath, { devTools }));
  window.removeMenu();
  window.loadURL(layout.pageUrls[kind]).catch((error: unknown) => {
    console.error(`The ${kind} window could not load its page: ${String(error)}`);
  });
  return window;
}
