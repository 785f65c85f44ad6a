/**
 * Accessibility of both windows in every state the core can put them in: axe-core finds no serious
 * or critical violation (contrast included, as rendered by Chromium), the tab order follows the
 * page, and keyboard focus is always visible.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { seriousViolations } from './support/axe.js';
import { focusedId, openTrayWindow, type OpenWindow } from './support/renderer-open.js';
import { serveRenderer, type RendererServer } from './support/renderer-server.js';
import { RendererTray } from './support/renderer-tray.js';
import { launchWindowBrowser, type WindowBrowser } from './support/renderer-window.js';

let sandbox: Sandbox;
let browser: WindowBrowser;
let server: RendererServer;
let dir: string;
let tray: RendererTray;
let account: OpenWindow;
let pat: OpenWindow;

beforeAll(async () => {
  sandbox = await startSandbox();
  [browser, server, dir] = await Promise.all([
    launchWindowBrowser(),
    serveRenderer(),
    mkdtemp(path.join(tmpdir(), 'pipecat-tray-renderer-a11y-')),
  ]);
  tray = new RendererTray(sandbox, dir);
  await tray.start();
  account = await openTrayWindow(browser, server, tray, 'account');
  pat = await openTrayWindow(browser, server, tray, 'pat');
  await account.page.getByRole('button', { name: 'Sign in to Pipecat Cloud' }).waitFor();
});

afterAll(async () => {
  await Promise.all([account?.close(), pat?.close()]);
  tray?.stop();
  await Promise.all([server?.close(), browser?.close()]);
  await sandbox?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
}

/** The ids keyboard focus visits, from the top of the page, `count` Tab presses long. */
async function tabOrder(page: Page, count: number): Promise<string[]> {
  // A click on the empty top-left corner puts the sequential focus starting point at the top.
  await page.mouse.click(2, 2);
  const visited: string[] = [];
  for (let step = 0; step < count; step += 1) {
    await page.keyboard.press('Tab');
    visited.push(await focusedId(page));
  }
  return visited;
}

/** The focused element's outline, as drawn. */
async function focusOutline(page: Page): Promise<string> {
  return page.evaluate<string>(
    '(() => { const s = getComputedStyle(document.activeElement); return `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`; })()',
  );
}

describe('accessibility of the tray windows', () => {
  it('signed out: both windows pass axe', async () => {
    await expectAccessible(account.page);
    await pat.page.getByLabel('Personal access token', { exact: true }).waitFor();
    await expectAccessible(pat.page);
  });

  it('signed out: Tab walks the account window in reading order with a visible ring', async () => {
    expect(await tabOrder(account.page, 4)).toEqual(['sign-in', 'use-pat', 'environment', 'start-at-login']);
    expect(await focusOutline(account.page)).toBe('solid 2px rgb(59, 130, 246)');
  });

  it('the PAT form with an inline error passes axe, in its window and in the account dialog', async () => {
    const field = pat.page.getByLabel('Personal access token', { exact: true });
    await field.fill('abc');
    await field.press('Enter');
    await pat.page.locator('#pat-error').filter({ hasText: 'pcc_pat_' }).waitFor();
    await expectAccessible(pat.page);
    expect(await tabOrder(pat.page, 4)).toEqual(['pat-input', 'pat-toggle', 'pat-cancel', 'pat-submit']);

    await account.page.getByRole('button', { name: 'Use personal access token…' }).click();
    await account.page.getByRole('dialog').waitFor();
    await expectAccessible(account.page);
    await account.page.keyboard.press('Escape');
    await account.page.getByRole('dialog').waitFor({ state: 'hidden' });
  });

  it('signing in: the waiting panel passes axe', async () => {
    const reachedBrowser = tray.holdNextBrowserLogin();
    await account.page.getByRole('button', { name: 'Sign in to Pipecat Cloud' }).click();
    await reachedBrowser;
    await account.page.getByRole('heading', { name: 'Waiting for your browser…' }).waitFor();
    await expectAccessible(account.page);
    tray.finishBrowserLogin();
    await account.page.getByRole('heading', { name: 'dev@example.com' }).waitFor({ timeout: 60_000 });
  });

  it('signed in: both windows pass axe, and Tab reaches every control', async () => {
    await expectAccessible(account.page);
    await expectAccessible(pat.page);
    expect(await tabOrder(account.page, 6)).toEqual([
      'organization',
      'refresh',
      'dashboard',
      'sign-out',
      'environment',
      'start-at-login',
    ]);
    expect(await focusOutline(account.page)).toBe('solid 2px rgb(59, 130, 246)');
  });

  it('custom environment: the URL field and its error pass axe', async () => {
    await account.page.getByLabel('Environment').selectOption('custom');
    const host = account.page.getByLabel('Custom API host');
    await host.fill('http://insecure.example.com');
    await host.press('Enter');
    await account.page.locator('#custom-host-error').filter({ hasText: 'https://' }).waitFor();
    expect(tray.calls).not.toContain('setEnvironment');
    await expectAccessible(account.page);
    await account.page.getByLabel('Environment').selectOption('production');
    await account.page.getByLabel('Custom API host').waitFor({ state: 'hidden' });
  });

  it('session expired: the window passes axe', async () => {
    await sandbox.revokeGrantsFor(sandbox.account.userId);
    sandbox.expireAccessTokens();
    await account.page.getByRole('button', { name: 'Refresh now' }).click();
    await account.page.getByRole('heading', { name: 'Session expired' }).waitFor();
    await expectAccessible(account.page);
  });
});
