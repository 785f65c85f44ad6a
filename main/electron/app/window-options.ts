import type { BrowserWindowConstructorOptions } from 'electron';
import { THEME } from '../../core/pages/theme.js';
import type { WindowKind } from '../../ipc/actions.js';

const WINDOW_SIZES: Readonly<Record<WindowKind, { width: number; height: number }>> = Object.freeze({
  account: { width: 420, height: 560 },
  pat: { width: 420, height: 300 },
});

const TITLES: Readonly<Record<WindowKind, string>> = {
  account: 'Pipecat Cloud · Account',
  pat: 'Use a personal access token · Pipecat Cloud',
};

export interface WindowOptionsContext {
  /** False in a packaged build: nobody opens developer tools on a user's window. */
  devTools: boolean;
}

/**
 * Everything a tray window is created with. The renderer is untrusted by design (docs/security-checklist.md,
 * "Windows"): isolated, sandboxed, no Node, and it reaches main only through the preload.
 * `show: false` until the page has painted, so the dark window never flashes white.
 */
export function windowOptions(
  kind: WindowKind,
  preloadPath: string,
  context: WindowOptionsContext = { devTools: false },
): BrowserWindowConstructorOptions {
  const { width, height } = WINDOW_SIZES[kind];
  return {
    width,
    height,
    minWidth: width,
    minHeight: kind === 'account' ? 420 : height,
    resizable: kind === 'account',
    maximizable: false,
    fullscreenable: false,
    show: false,
    title: TITLES[kind],
    backgroundColor: THEME.background,
    autoHideMenuBar: true,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: context.devTools,
      preload: preloadPath,
    },
  };
}

/** The page a window shows, inside the built `dist/renderer`. */
export function pageFileName(kind: WindowKind): string {
  return `${kind}.html`;
}
