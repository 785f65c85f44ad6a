/**
 * The account window (dist/renderer/account.html) in Debian's Chromium, its `window.pipecatTray`
 * bound to the real core: a TrayService signed in to the sandbox for real, its file on disk.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leakedSecrets } from './account-actions-support.js';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { hostTable, screenshot } from './support/renderer-files.js';
import { focusedId, openTrayWindow, type OpenWindow } from './support/renderer-open.js';
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
    mkdtemp(path.join(tmpdir(), 'pipecat-tray-renderer-')),
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

const text = async (selector: string): Promise<string> => (await page.locator(selector).textContent()) ?? '';
const status = (message: string | RegExp) => page.getByRole('status').filter({ hasText: message });

/** "23 h 59 min" → minutes. */
function countdownMinutes(line: string): number {
  const match = /expires in (\d+) h(?: (\d+) min)?$/.exec(line);
  if (!match) throw new Error(`not a countdown: ${line}`);
  return Number(match[1]) * 60 + Number(match[2] ?? 0);
}

describe('the account window, bound to the real core', () => {
  it('starts signed out, offering both ways to sign in', async () => {
    await page.getByRole('heading', { name: 'Sign in once, stay signed in' }).waitFor();
    expect(await text('#badge')).toBe('Signed out');
    expect(await text('#api-host')).toBe(new URL(sandbox.apiHost).host);
    expect(await page.getByRole('button', { name: 'Sign in to Pipecat Cloud' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Use personal access token…' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'dev@example.com' }).count()).toBe(0);
  });

  it('while the browser is out, shows the sign-in link and cancels from the window', async () => {
    const reachedBrowser = tray.holdNextBrowserLogin();
    await page.getByRole('button', { name: 'Sign in to Pipecat Cloud' }).click();
    const authorizeUrl = await reachedBrowser;
    await page.getByRole('heading', { name: 'Waiting for your browser…' }).waitFor();
    expect(await text('#badge')).toBe('Signing in…');
    expect((await page.getByLabel('Sign-in link').inputValue()) === authorizeUrl).toBe(true);

    await page.getByRole('button', { name: 'Copy sign-in link' }).click();
    await status(/Sign-in link copied|The link is selected/).waitFor();

    await page.getByRole('button', { name: 'Cancel' }).press('Enter');
    await page.getByRole('heading', { name: 'Sign in once, stay signed in' }).waitFor();
    expect(tray.service.state.status).toBe('signed_out');
    // Cancel disappeared under the keyboard focus: focus moves to Sign in, not to the page.
    expect(await focusedId(page)).toBe('sign-in');
  });

  it('signs in for real from "Sign in" and shows the email, OAuth and the org', async () => {
    await page.getByRole('button', { name: 'Sign in to Pipecat Cloud' }).click();
    await page.getByRole('heading', { name: 'dev@example.com' }).waitFor({ timeout: 60_000 });
    expect(tray.browserFailure).toBeUndefined();

    expect(await text('#badge')).toBe('Signed in');
    // The refresh time follows once the refresher has looked at the new file (a moment later).
    await page.locator('#method', { hasText: /^OAuth · refreshes in \d+ h$/ }).waitFor();
    expect(await text('#method')).toMatch(/^OAuth · refreshes in \d+ h$/);
    expect(await text('#expiry')).toMatch(/^Access token expires in 23 h \d+ min$/);
    expect(await page.locator('#organization option:checked').textContent()).toBe('Acme Inc.');
    expect(await page.getByLabel('Organization').inputValue()).toBe('acme');
    await status('Signed in as dev@example.com.').waitFor();

    expect(tray.service.state).toMatchObject({ status: 'oauth', email: 'dev@example.com', org: 'acme' });
    // The first sign-in turns start-at-login on, and the box says so.
    expect(tray.autoStartCalls).toEqual([true]);
    expect(await page.getByLabel('Start at login').isChecked()).toBe(true);
    expect(tray.notifications.map((notification) => notification.kind)).toContain('signed_in');
    await screenshot(page, 'account-window.png');
  });

  it('choosing "Second Org" writes org = "second-org" to the file', async () => {
    await page.getByLabel('Organization').selectOption({ label: 'Second Org' });
    await status('Now using Second Org (second-org).').waitFor();
    expect((await hostTable(tray.configPath, sandbox.apiHost))['org']).toBe('second-org');
    expect(tray.calls).toContain('switchOrganization');
    await page
      .locator('#organization option:checked', { hasText: 'Second Org' })
      .waitFor({ state: 'attached' });

    await page.getByLabel('Organization').selectOption('acme');
    await status('Now using Acme Inc. (acme).').waitFor();
    expect((await hostTable(tray.configPath, sandbox.apiHost))['org']).toBe('acme');
  });

  it('counts the access token down as the minutes pass', async () => {
    const clocked = await openTrayWindow(browser, server, tray, 'account', (p) => p.clock.install());
    try {
      const expiry = clocked.page.locator('#expiry');
      await expiry.filter({ hasText: 'expires in' }).waitFor();
      const shown = (await expiry.textContent()) ?? '';
      const before = countdownMinutes(shown);
      await clocked.page.clock.fastForward('01:00:00');
      await expiry.filter({ hasNotText: shown }).waitFor();
      const after = countdownMinutes((await expiry.textContent()) ?? '');
      expect(before - after).toBeGreaterThanOrEqual(59);
      expect(before - after).toBeLessThanOrEqual(61);
      expect(clocked.problems).toEqual([]);
    } finally {
      await clocked.close();
    }
  });

  it('Start at login, Open dashboard and Refresh now reach the core', async () => {
    await page.getByLabel('Start at login').press('Space');
    await expect.poll(() => tray.autoStartCalls).toEqual([true, false]);
    expect(await page.getByLabel('Start at login').isChecked()).toBe(false);

    await page.getByRole('button', { name: 'Open dashboard' }).click();
    await expect.poll(() => tray.opened.length).toBe(1);

    const refreshed = sandbox.nextRequest((request) => request.path.endsWith('/token'));
    await page.getByRole('button', { name: 'Refresh now' }).click();
    expect((await refreshed).status).toBe(200);
    await status(/refresh/i).waitFor();
  });

  it('shows "Session expired" when the session is revoked, and signs in again from there', async () => {
    await sandbox.revokeGrantsFor(sandbox.account.userId);
    sandbox.expireAccessTokens();
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await page.getByRole('heading', { name: 'Session expired' }).waitFor();
    expect(await text('#badge')).toBe('Session expired');
    expect(tray.notifications.map((notification) => notification.kind)).toContain('session_expired');

    await page.getByRole('button', { name: 'Sign in again' }).click();
    await page.getByRole('heading', { name: 'dev@example.com' }).waitFor({ timeout: 60_000 });
    expect(tray.service.state.status).toBe('oauth');
  });

  it('signs out from the window, and focus lands on Sign in', async () => {
    await page.getByRole('button', { name: 'Sign out' }).press('Enter');
    await page.getByRole('heading', { name: 'Sign in once, stay signed in' }).waitFor();
    expect((await hostTable(tray.configPath, sandbox.apiHost))['token']).toBeFalsy();
    expect(await focusedId(page)).toBe('sign-in');
  });

  it('loaded everything under its CSP, and no secret reached the page', async () => {
    expect(win.problems).toEqual([]);
    const { leaked, known } = leakedSecrets(sandbox, [await page.content(), JSON.stringify(tray.pushed)]);
    expect(known).toBeGreaterThan(0);
    expect(leaked).toBe(0);
  });
});
