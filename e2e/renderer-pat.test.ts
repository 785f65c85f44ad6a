/**
 * The PAT dialog (dist/renderer/pat.html, and the same form inside the account window) in Debian's
 * Chromium, bound to the real core and the sandbox. A PAT is never printed: comparisons are
 * booleans, and the leak check counts without naming.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
let root: string;
let tray: RendererTray;
let win: OpenWindow;
let page: Page;
let caseCount = 0;
const pageTexts: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
  [browser, server, root] = await Promise.all([
    launchWindowBrowser(),
    serveRenderer(),
    mkdtemp(path.join(tmpdir(), 'pipecat-tray-renderer-pat-')),
  ]);
});

afterAll(async () => {
  await Promise.all([server?.close(), browser?.close()]);
  await sandbox?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

/** A signed-out core with its own file, and its PAT window open. */
beforeEach(async () => {
  caseCount += 1;
  tray = new RendererTray(sandbox, path.join(root, `case-${caseCount}`));
  await tray.start();
  win = await openTrayWindow(browser, server, tray, 'pat');
  page = win.page;
  await page.getByLabel('Personal access token', { exact: true }).waitFor();
});

afterEach(async () => {
  pageTexts.push(await page.content());
  expect(win.problems).toEqual([]);
  await win.close();
  tray.stop();
});

const field = () => page.getByLabel('Personal access token', { exact: true });
const error = () => page.locator('#pat-error');

/** Puts `text` on the clipboard and pastes it into the field with the keyboard. */
async function paste(target: Page, text: string): Promise<void> {
  await target.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await target.evaluate(
    (value) =>
      (
        globalThis as unknown as { navigator: { clipboard: { writeText(t: string): Promise<void> } } }
      ).navigator.clipboard.writeText(value),
    text,
  );
  await target.getByLabel('Personal access token', { exact: true }).focus();
  await target.keyboard.press('ControlOrMeta+V');
}

async function storedToken(): Promise<unknown> {
  return (await hostTable(tray.configPath, sandbox.apiHost))['token'];
}

describe('the PAT dialog, bound to the real core', () => {
  it('opens masked, with the field focused, and shows or hides the token on request', async () => {
    expect(await field().getAttribute('type')).toBe('password');
    expect(await focusedId(page)).toBe('pat-input');
    const toggle = page.getByRole('button', { name: 'Show token' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');

    await field().fill('pcc_pat_just-for-the-picture');
    await screenshot(page, 'pat-dialog.png');

    await toggle.press('Space');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await field().getAttribute('type')).toBe('text');
    await toggle.click();
    expect(await field().getAttribute('type')).toBe('password');
  });

  it('rejects "abc" inline by its prefix, and nothing reaches main or the sandbox', async () => {
    const requestsBefore = sandbox.requestLog.length;
    await field().fill('abc');
    await field().press('Enter');
    await error().filter({ hasText: 'pcc_pat_' }).waitFor();
    expect(await error().textContent()).toBe(
      'That is not a personal access token: they start with pcc_pat_. Nothing was sent.',
    );
    expect(await field().getAttribute('aria-invalid')).toBe('true');
    expect(await focusedId(page)).toBe('pat-input');
    expect(tray.calls).not.toContain('usePersonalAccessToken');
    expect(sandbox.requestLog.length).toBe(requestsBefore);

    // Typing again clears the error.
    await field().press('Backspace');
    await error().filter({ hasText: /^$/ }).waitFor({ state: 'attached' });
    expect(await field().getAttribute('aria-invalid')).toBe('false');
  });

  it("rejects a PAT the API refuses with the server's answer inline, and keeps nothing", async () => {
    const pat = sandbox.mintPat();
    expect(sandbox.revokePat(pat)).toBe(true);
    const refused = sandbox.nextRequest((request) => request.path.startsWith('/v1/'));
    await paste(page, pat);
    await page.getByRole('button', { name: 'Use token' }).click();

    expect((await refused).status).toBe(401);
    await error().filter({ hasText: 'Pipecat Cloud did not accept this personal access token.' }).waitFor();
    expect(await field().inputValue()).toBe('');
    expect(await focusedId(page)).toBe('pat-input');
    expect(tray.closeWindowCalls).toBe(0);
    expect(existsSync(tray.configPath)).toBe(false);
    expect(tray.service.state.status).toBe('signed_out');
  });

  it('accepts a minted PAT: the file holds it, the core says "pat", the window closes', async () => {
    const pat = sandbox.mintPat();
    await paste(page, pat);
    expect((await field().inputValue()) === pat).toBe(true);
    await field().press('Enter');

    await expect.poll(() => tray.closeWindowCalls).toBe(1);
    expect((await storedToken()) === pat).toBe(true);
    expect(tray.service.state).toMatchObject({ status: 'pat', email: 'dev@example.com' });
    expect(await field().inputValue()).toBe('');
    expect(await field().getAttribute('type')).toBe('password');
  });

  it('Cancel and Escape close the window without a call to the core', async () => {
    await field().fill('pcc_pat_typed-then-abandoned');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => tray.closeWindowCalls).toBe(1);
    expect(await field().inputValue()).toBe('');
    await field().press('Escape');
    await expect.poll(() => tray.closeWindowCalls).toBe(2);
    expect(tray.calls).toEqual(['closeWindow', 'closeWindow']);
  });

  it('works inside the account window too: the dialog signs in and closes onto the signed-in panel', async () => {
    const account = await openTrayWindow(browser, server, tray, 'account');
    try {
      const opener = account.page.getByRole('button', { name: 'Use personal access token…' });
      await opener.press('Enter');
      const dialog = account.page.getByRole('dialog', { name: 'Use a personal access token' });
      await dialog.waitFor();
      await dialog.getByLabel('Personal access token', { exact: true }).fill('abc');
      await dialog.getByLabel('Personal access token', { exact: true }).press('Enter');
      await dialog.locator('#pat-error').filter({ hasText: 'pcc_pat_' }).waitFor();

      await paste(account.page, sandbox.mintPat());
      await dialog.getByRole('button', { name: 'Use token' }).click();
      await account.page.getByRole('heading', { name: 'dev@example.com' }).waitFor();
      await dialog.waitFor({ state: 'hidden' });
      expect(await account.page.locator('#method').textContent()).toBe('Personal access token');
      expect(await account.page.locator('#expiry').isVisible()).toBe(false);
      expect(await account.page.getByRole('button', { name: 'Refresh now' }).isVisible()).toBe(false);
      expect(await account.page.locator('#pat-input').inputValue()).toBe('');
      pageTexts.push(await account.page.content());
      expect(account.problems).toEqual([]);
    } finally {
      await account.close();
    }
  });

  it('never put a PAT anywhere a page or a view could show it', () => {
    const { leaked, known } = leakedSecrets(sandbox, [...pageTexts, JSON.stringify(tray.pushed)]);
    expect(known).toBeGreaterThan(0);
    expect(leaked).toBe(0);
  });
});
