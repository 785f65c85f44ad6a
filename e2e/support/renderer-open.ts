import type { BrowserContext, Page } from 'playwright';
import type { RendererServer } from './renderer-server.js';
import type { RendererTray } from './renderer-tray.js';
import type { WindowKind } from '../../main/ipc/actions.js';
import type { WindowBrowser } from './renderer-window.js';

export interface OpenWindow {
  context: BrowserContext;
  page: Page;
  /** Console errors (a CSP refusal is one), uncaught exceptions and failed requests. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * Opens one tray window as main would: its page from dist/renderer, `window.pipecatTray` bound to
 * the real core before the page's script runs, and every later state pushed into it.
 */
export async function openTrayWindow(
  browser: WindowBrowser,
  server: RendererServer,
  tray: RendererTray,
  name: WindowKind,
  prepare?: (page: Page) => Promise<void>,
): Promise<OpenWindow> {
  const { context, page } = await browser.newWindow(name);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  await tray.bind(page);
  await prepare?.(page);
  await page.goto(server.url(name));
  tray.follow(page);
  return { context, page, problems, close: () => context.close() };
}

/** The id of the element that has keyboard focus ('' for none). */
export async function focusedId(page: Page): Promise<string> {
  return page.evaluate<string>('document.activeElement?.id ?? ""');
}
