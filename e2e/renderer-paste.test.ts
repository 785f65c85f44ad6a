/**
 * The account window's paste field, in Chromium, bound to the real core signed in to the sandbox:
 * the browser is on another machine, so its redirect never reaches the loopback server, and the
 * address it ended on is pasted into the window.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { seriousViolations } from './support/axe.js';
import { isListening } from './support/sign-in-harness.js';
import { openTrayWindow, type OpenWindow } from './support/renderer-open.js';
import { serveRenderer, type RendererServer } from './support/renderer-server.js';
import { RendererTray } from './support/renderer-tray.js';
import { launchWindowBrowser, type WindowBrowser } from './support/renderer-window.js';

let sandbox: Sandbox;
let browser: WindowBrowser;
let server: RendererServer;
let dir: string;
let tray: RendererTray;
let win: OpenWindow;
let page: Page;

beforeAll(async () => {
  sandbox = await startSandbox();
  [browser, server, dir] = await Promise.all([
    launchWindowBrowser(),
    serveRenderer(),
    mkdtemp(path.join(tmpdir(), 'pipecat-tray-renderer-paste-')),
  ]);
  tray = new RendererTray(sandbox, dir);
  await tray.start();
  win = await openTrayWindow(browser, server, tray, 'account');
  page = win.page;
});

afterAll(async () => {
  await win?.close();
  tray?.stop();
  await Promise.all([server?.close(), browser?.close()]);
  await sandbox?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const field = () => page.locator('#paste-address');
const fieldError = () => page.locator('#paste-address-error');

async function paste(text: string): Promise<void> {
  await field().fill(text);
  await page.getByRole('button', { name: 'Finish sign-in' }).click();
}

describe('the account window with the browser on another machine', () => {
  it('refuses a wrong address under the field, keeps waiting, and signs in from the right one', async () => {
    await page.getByRole('button', { name: 'Sign in to Pipecat Cloud' }).waitFor();
    const ended = tray.nextBrowserElsewhere();
    await page.getByRole('button', { name: 'Sign in to Pipecat Cloud' }).click();
    await page.getByRole('heading', { name: 'Waiting for your browser…' }).waitFor();
    const callback = await ended;
    const code = callback.searchParams.get('code') ?? '';
    expect(code).not.toBe('');

    // The field is labelled for people and assistive technology alike.
    expect(await page.locator('label[for="paste-address"]').textContent()).toContain(
      'If it ends on a page that cannot be reached',
    );
    await paste('hello');
    await fieldError().filter({ hasText: 'is not the address this sign-in ends on' }).waitFor();
    expect(await field().getAttribute('aria-invalid')).toBe('true');
    expect(await seriousViolations(page)).toEqual([]);

    const otherAttempt = new URL(callback);
    otherAttempt.searchParams.set('state', 'from-another-attempt');
    await paste(otherAttempt.href);
    await fieldError().filter({ hasText: 'another sign-in attempt' }).waitFor();
    expect(tray.service.state.status).toBe('signing_in');
    expect(await isListening(Number(callback.port))).toBe(true);

    await paste(callback.href);
    await page.getByRole('heading', { name: 'dev@example.com' }).waitFor({ timeout: 60_000 });
    expect(tray.service.state).toMatchObject({ status: 'oauth', email: 'dev@example.com', org: 'acme' });
    expect(await isListening(Number(callback.port))).toBe(false);
    expect(tray.calls.filter((call) => call === 'completeSignInFromPastedUrl')).toHaveLength(3);
    // The code crossed once, into main; no view ever carried it back to a window.
    expect(tray.pushed.some((view) => JSON.stringify(view).includes(code))).toBe(false);
    expect(await page.locator('#paste-address').inputValue()).toBe('');
  });
});
