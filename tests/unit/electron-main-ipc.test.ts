import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TrayCore } from '../../main/core/app/tray-core.js';
import { registerIpcHandlers, type IpcMainLike } from '../../main/electron/app/ipc-handlers.js';
import type { IpcEventLike } from '../../main/electron/ipc/trusted-sender.js';
import { INVOKE_CHANNELS, type ActionResult } from '../../main/ipc/contract.js';
import { accountView } from './support/account-view.js';

type Listener = (event: IpcEventLike, ...args: unknown[]) => unknown;

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What `ipcRenderer.invoke(channel, ...args)` from `event`'s frame would get. */
  async invoke(channel: string, event: IpcEventLike, ...args: unknown[]): Promise<unknown> {
    const listener = this.handlers.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    return listener(event, ...args);
  }
}

const ACCOUNT_PAGE = pathToFileURL('/app/dist/renderer/account.html').href;
const PAT_PAGE = pathToFileURL('/app/dist/renderer/pat.html').href;
const OUR_WINDOW = 11;
const view = accountView();

const fromPage = (id: number, url: string, parent: unknown = null): IpcEventLike => ({
  sender: { id },
  senderFrame: { url, parent },
});

/** What the page's invoke promise rejects with when main refuses a call. */
const REFUSED = { name: 'RefusedCallError' };

function fakeService(calls: [string, unknown[]][]): TrayCore {
  const action =
    (name: string) =>
    async (...args: unknown[]): Promise<ActionResult> => {
      calls.push([name, args]);
      return { ok: true, message: name };
    };
  return {
    state: view,
    getState: async () => {
      calls.push(['getState', []]);
      return view;
    },
    signIn: action('signIn'),
    cancelSignIn: action('cancelSignIn'),
    completeSignInFromPastedUrl: action('completeSignInFromPastedUrl'),
    usePersonalAccessToken: action('usePersonalAccessToken'),
    switchOrganization: action('switchOrganization'),
    refreshNow: action('refreshNow'),
    signOut: action('signOut'),
    setEnvironment: action('setEnvironment'),
    setStartAtLogin: action('setStartAtLogin'),
    setKeepRefreshTokenInKeychain: action('setKeepRefreshTokenInKeychain'),
    openDashboard: action('openDashboard'),
  };
}

describe('the IPC handlers', () => {
  let ipc: FakeIpcMain;
  let calls: [string, unknown[]][];
  let closed: number[];
  let refused: [string, string][];
  let dispose: () => void;

  beforeEach(() => {
    ipc = new FakeIpcMain();
    calls = [];
    closed = [];
    refused = [];
    dispose = registerIpcHandlers(ipc, {
      host: {
        core: fakeService(calls),
        showWindow: () => calls.push(['showWindow', []]),
        copyText: () => calls.push(['copyText', []]),
        quit: () => calls.push(['quit', []]),
      },
      trustedSenders: () => ({ webContentsIds: new Set([OUR_WINDOW]), pageUrls: [ACCOUNT_PAGE, PAT_PAGE] }),
      closeWindow: (id) => closed.push(id),
      onRefused: (channel, reason) => refused.push([channel, reason]),
    });
  });

  it('registers exactly one handler per channel of the registry, and removes them all', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.values(INVOKE_CHANNELS).sort());
    dispose();
    expect(ipc.handlers.size).toBe(0);
  });

  it('passes good calls from our windows to the service, with their arguments', async () => {
    const event = fromPage(OUR_WINDOW, `${ACCOUNT_PAGE}#org`);
    await expect(ipc.invoke(INVOKE_CHANNELS.getState, event)).resolves.toEqual(view);
    await expect(ipc.invoke(INVOKE_CHANNELS.switchOrganization, event, 'acme')).resolves.toEqual({
      ok: true,
      message: 'switchOrganization',
    });
    await ipc.invoke(INVOKE_CHANNELS.usePersonalAccessToken, event, 'pcc_pat_abc');
    await ipc.invoke(INVOKE_CHANNELS.setEnvironment, event, 'custom', 'https://API.example.com/');
    await ipc.invoke(INVOKE_CHANNELS.setEnvironment, event, 'staging');
    await ipc.invoke(INVOKE_CHANNELS.setStartAtLogin, event, false);
    await ipc.invoke(INVOKE_CHANNELS.signIn, event);
    expect(calls).toEqual([
      ['getState', []],
      ['switchOrganization', ['acme']],
      ['usePersonalAccessToken', ['pcc_pat_abc']],
      ['setEnvironment', ['custom', 'https://api.example.com']],
      ['setEnvironment', ['staging']],
      ['setStartAtLogin', [false]],
      ['signIn', []],
    ]);
    expect(refused).toEqual([]);
  });

  it('closeWindow closes the window that asked, not the service', async () => {
    await expect(ipc.invoke(INVOKE_CHANNELS.closeWindow, fromPage(OUR_WINDOW, PAT_PAGE))).resolves.toEqual({
      ok: true,
    });
    expect(closed).toEqual([OUR_WINDOW]);
    expect(calls).toEqual([]);
  });

  it('refuses a webContents main did not create', async () => {
    await expect(ipc.invoke(INVOKE_CHANNELS.signOut, fromPage(12, ACCOUNT_PAGE))).rejects.toMatchObject(
      REFUSED,
    );
    expect(calls).toEqual([]);
    expect(refused).toEqual([[INVOKE_CHANNELS.signOut, 'not one of our windows']]);
  });

  it('refuses our window once it shows a foreign page, and any subframe', async () => {
    for (const event of [
      fromPage(OUR_WINDOW, 'https://evil.example/account.html'),
      fromPage(OUR_WINDOW, 'file:///tmp/account.html'),
      fromPage(OUR_WINDOW, ACCOUNT_PAGE, { url: ACCOUNT_PAGE }),
      { sender: { id: OUR_WINDOW }, senderFrame: null },
    ]) {
      await expect(
        ipc.invoke(INVOKE_CHANNELS.usePersonalAccessToken, event, 'pcc_pat_abc'),
      ).rejects.toMatchObject(REFUSED);
    }
    expect(calls).toEqual([]);
  });

  it('refuses malformed arguments before the service sees them', async () => {
    const event = fromPage(OUR_WINDOW, ACCOUNT_PAGE);
    const malformed: [string, unknown[]][] = [
      [INVOKE_CHANNELS.usePersonalAccessToken, []],
      [INVOKE_CHANNELS.usePersonalAccessToken, [42]],
      [INVOKE_CHANNELS.usePersonalAccessToken, ['pcc_pat_a\nb']],
      [INVOKE_CHANNELS.usePersonalAccessToken, ['x'.repeat(513)]],
      [INVOKE_CHANNELS.switchOrganization, [{ toString: () => 'acme' }]],
      [INVOKE_CHANNELS.setEnvironment, ['custom', 'http://api.example.com']],
      [INVOKE_CHANNELS.setEnvironment, ['production', 'https://api.example.com']],
      [INVOKE_CHANNELS.setEnvironment, ['moon']],
      [INVOKE_CHANNELS.setStartAtLogin, ['true']],
      [INVOKE_CHANNELS.signOut, ['now']],
      [INVOKE_CHANNELS.getState, [undefined]],
    ];
    for (const [channel, args] of malformed) {
      await expect(
        ipc.invoke(channel, event, ...args),
        `${channel} ${JSON.stringify(args)}`,
      ).rejects.toMatchObject(REFUSED);
    }
    expect(calls).toEqual([]);
    expect(refused).toHaveLength(malformed.length);
  });

  it('never echoes an argument in what it logs or throws (a PAT may be one)', async () => {
    const secret = 'pcc_pat_SECRET\u0000';
    const error = await ipc
      .invoke(INVOKE_CHANNELS.usePersonalAccessToken, fromPage(OUR_WINDOW, PAT_PAGE), secret)
      .catch((caught: unknown) => caught);
    expect(String(error)).not.toContain('SECRET');
    expect(JSON.stringify(refused)).not.toContain('SECRET');
  });
});
