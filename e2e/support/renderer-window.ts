import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { windowOptions } from '../../main/electron/app/window-options.js';
import type { WindowKind } from '../../main/ipc/actions.js';
import { CHROMIUM_PATH } from './browser.js';

/** The size main gives the window (main/electron creates it with windowOptions). */
function windowSize(name: WindowKind): { width: number; height: number } {
  const { width = 0, height = 0 } = windowOptions(name, '');
  return { width, height };
}

export interface WindowBrowser {
  /** A fresh context and page the size of the window, at 2× so the screenshots are crisp. */
  newWindow(name: WindowKind): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * Debian's Chromium, headless, one context per window (like one BrowserWindow each). The shared
 * launcher (browser.ts) uses a persistent profile, whose scale factor is fixed at 1.
 */
export async function launchWindowBrowser(): Promise<WindowBrowser> {
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  return {
    newWindow: async (name) => {
      const context = await browser.newContext({
        viewport: windowSize(name),
        deviceScaleFactor: 2,
        colorScheme: 'dark',
        reducedMotion: 'reduce',
      });
      return { context, page: await context.newPage() };
    },
    close: () => browser.close(),
  };
}
