/**
 * The tray's other outputs for an account whose names the API made hostile: the account window in
 * Chromium (bound to the real core signed in to the sandbox), the tray menu and tooltip, and the
 * notifications. textContent is never HTML, but a control or bidi character would still rearrange
 * what is read; none may reach the user.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trayPresentation } from '../main/electron/app/tray-presentation.js';
import type { TrayMenuItem } from '../main/electron/menu/index.js';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { openTrayWindow, type OpenWindow } from './support/renderer-open.js';
import { serveRenderer, type RendererServer } from './support/renderer-server.js';
import { RendererTray } from './support/renderer-tray.js';
import { launchWindowBrowser, type WindowBrowser } from './support/renderer-window.js';

const ESC = '\u001b';
const BEL = '\u0007';
const RLO = '\u202e';
const FORGED = 'Signed in as admin@corp';
const EMAIL = `eve@example.com${ESC}]0;pwned${BEL}\r\n${FORGED}${RLO}moc.evil`;
const ORG = `evil-org${ESC}[2J\r\n${FORGED}`;
const VERBOSE = `Evil ${RLO}Corp${ESC}]0;title${BEL}\u0085\u2028${FORGED}\u2066x\u2069`;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]/;

let sandbox: Sandbox;
let browser: WindowBrowser;
let server: RendererServer;
let dir: string;
let tray: RendererTray;
let win: OpenWindow;

beforeAll(async () => {
  sandbox = await startSandbox({
    accounts: [
      {
        userId: 'user_hostile',
        password: 'hostile-password',
        emails: [EMAIL],
        organizations: [{ name: ORG, verboseName: VERBOSE }],
      },
    ],
  });
  [browser, server, dir] = await Promise.all([
    launchWindowBrowser(),
    serveRenderer(),
    mkdtemp(path.join(tmpdir(), 'pipecat-tray-renderer-')),
  ]);
  tray = new RendererTray(sandbox, dir);
  await tray.start();
  win = await openTrayWindow(browser, server, tray, 'account');
});

afterAll(async () => {
  await win?.close();
  tray?.stop();
  await Promise.all([server?.close(), browser?.close()]);
  await sandbox?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function labels(items: readonly TrayMenuItem[]): string[] {
  return items.flatMap((item) => [
    ...('label' in item && item.label ? [item.label] : []),
    ...('submenu' in item && item.submenu ? labels(item.submenu) : []),
  ]);
}

describe('hostile names from the API, in the tray', () => {
  it('the account window shows them harmlessly, and the org picker still sends the exact name', async () => {
    const result = await tray.service.usePersonalAccessToken(sandbox.mintPat());
    expect(result.ok).toBe(true);
    expect(UNSAFE.test(result.message ?? '')).toBe(false);
    const name = win.page.locator('#account-name');
    await name.filter({ hasText: 'eve@example.com' }).waitFor();
    const shown = [
      (await name.textContent()) ?? '',
      ...(await win.page.locator('#organization option').allTextContents()),
      await win.page.locator('body').innerText(),
    ];
    for (const text of shown)
      expect(UNSAFE.test(text.replaceAll('\n', '')), JSON.stringify(text)).toBe(false);
    expect(await win.page.locator('#organization').inputValue()).toBe(ORG);
    expect(win.problems).toEqual([]);
  });

  it('the tray menu, its tooltip and the notifications show them harmlessly', () => {
    const { tooltip, menu } = trayPresentation(tray.service.state, 'linux', dir, Date.now());
    const shown = [tooltip, ...labels(menu), ...tray.notifications.map((n) => `${n.title} ${n.body}`)];
    for (const text of shown) expect(UNSAFE.test(text), JSON.stringify(text)).toBe(false);
    expect(labels(menu).some((label) => label.includes('eve@example.com'))).toBe(true);
  });
});
