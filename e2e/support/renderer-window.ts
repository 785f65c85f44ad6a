import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { CHROMIUM_PATH } from './browser.js';

/** The sizes main gives the windows (main/electron creates them with these). */
export const WINDOW_SIZES = Object.freeze({
  account: { width: 420, height: 560 },
  pat: { width: 420, height: 300 },
});

export type WindowName = keyof typeof WINDOW_SIZES;

export interface WindowBrowser {
  /** A fresh context and page the size of the window, at 2× so the screenshots are crisp. */
  newWindow(name: WindowName): Promise<{ context: BrowserContext; page: Page }>;
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
        viewport: WINDOW_SIZES[name],
        deviceScaleFactor: 2,
        colorScheme: 'dark',
        reducedMotion: 'reduce',
      });
      return { context, page: await context.newPage() };
    },
    close: () => browser.close(),
  };
}
