import { EventEmitter } from 'node:events';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appLayout } from '../../main/electron/app/app-layout.js';
import { isPermissionGranted } from '../../main/electron/app/permissions.js';
import { guardWebContents } from '../../main/electron/app/web-guards.js';
import { WindowManager, type ManagedWindow } from '../../main/electron/app/window-manager.js';
import { windowOptions } from '../../main/electron/app/window-options.js';
import type { WindowKind } from '../../main/ipc/actions.js';

const PRELOAD = '/opt/Pipecat Cloud Tray/resources/app.asar/dist/preload/preload.cjs';

describe('windowOptions', () => {
  for (const kind of ['account', 'pat'] as const) {
    it(`isolates and sandboxes the ${kind} window`, () => {
      const options = windowOptions(kind, PRELOAD);
      expect(options.webPreferences).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webviewTag: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        spellcheck: false,
        devTools: false,
        preload: PRELOAD,
      });
      expect(options).toMatchObject({ show: false, backgroundColor: '#0a0a0a' });
    });
  }

  it('sizes the account window 420×560 and the PAT dialog 420×300', () => {
    expect(windowOptions('account', PRELOAD)).toMatchObject({ width: 420, height: 560, resizable: true });
    expect(windowOptions('pat', PRELOAD)).toMatchObject({ width: 420, height: 300, resizable: false });
  });

  it('offers developer tools only when asked (development runs)', () => {
    expect(windowOptions('account', PRELOAD, { devTools: true }).webPreferences?.devTools).toBe(true);
  });
});

describe('appLayout', () => {
  it('finds the renderer pages and the bundled preload two levels above main.js', () => {
    const mainDir = path.join('/opt/Pipecat Cloud Tray/resources/app.asar', 'dist', 'main', 'electron');
    const layout = appLayout(mainDir);
    const dist = path.resolve('/opt/Pipecat Cloud Tray/resources/app.asar/dist');
    expect(layout.preloadPath).toBe(path.join(dist, 'preload', 'preload.cjs'));
    expect(layout.rendererDir).toBe(path.join(dist, 'renderer'));
    expect(layout.pageUrls).toEqual({
      account: pathToFileURL(path.join(dist, 'renderer', 'account.html')).href,
      pat: pathToFileURL(path.join(dist, 'renderer', 'pat.html')).href,
    });
    expect(layout.pageUrls.account).toMatch(/^file:\/\/.*Pipecat%20Cloud%20Tray/);
  });
});

describe('isPermissionGranted', () => {
  const pages = [pathToFileURL('/app/dist/renderer/account.html').href];
  const own = pages[0];

  it('lets our own page write text to the clipboard, for "Copy sign-in link"', () => {
    expect(
      isPermissionGranted(
        { permission: 'clipboard-sanitized-write', requestingUrl: own, isMainFrame: true },
        pages,
      ),
    ).toBe(true);
  });

  it('refuses every other permission, every other page and subframes', () => {
    for (const permission of ['clipboard-read', 'notifications', 'media', 'openExternal', 'geolocation']) {
      expect(
        isPermissionGranted({ permission, requestingUrl: own, isMainFrame: true }, pages),
        permission,
      ).toBe(false);
    }
    for (const requestingUrl of ['https://evil.example/', 'file:///tmp/account.html', undefined]) {
      expect(
        isPermissionGranted(
          { permission: 'clipboard-sanitized-write', requestingUrl, isMainFrame: true },
          pages,
        ),
      ).toBe(false);
    }
    expect(
      isPermissionGranted(
        { permission: 'clipboard-sanitized-write', requestingUrl: own, isMainFrame: false },
        pages,
      ),
    ).toBe(false);
  });
});

describe('guardWebContents', () => {
  it('prevents navigation and webviews, and denies every new window', () => {
    const contents = new (class extends EventEmitter {
      openHandler: (() => { action: 'deny' }) | undefined;
      setWindowOpenHandler(handler: () => { action: 'deny' }): void {
        this.openHandler = handler;
      }
    })();
    guardWebContents(contents);

    for (const event of ['will-navigate', 'will-attach-webview']) {
      let prevented = false;
      contents.emit(event, { preventDefault: () => (prevented = true) });
      expect(prevented, event).toBe(true);
    }
    expect(contents.openHandler?.()).toEqual({ action: 'deny' });
  });
});

class FakeWindow extends EventEmitter implements ManagedWindow {
  static nextId = 1;
  readonly webContents = {
    id: FakeWindow.nextId++,
    sent: [] as [string, unknown][],
    send(channel: string, payload: unknown): void {
      this.sent.push([channel, payload]);
    },
  };
  visible = false;
  destroyed = false;
  minimized = false;
  focused = 0;

  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focused += 1;
  }
  hide(): void {
    this.visible = false;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Like BrowserWindow: 'close' may be prevented, else the window is gone. */
  close(): void {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.destroyed = true;
    this.visible = false;
    this.emit('closed');
  }
}

function managerWithFakes(): {
  manager: WindowManager;
  created: Map<WindowKind, FakeWindow[]>;
  forward: number;
} {
  const created = new Map<WindowKind, FakeWindow[]>();
  const state = { forward: 0 };
  const manager = new WindowManager({
    create: (kind) => {
      const window = new FakeWindow();
      created.set(kind, [...(created.get(kind) ?? []), window]);
      return window;
    },
    beforeShow: () => {
      state.forward += 1;
    },
  });
  return {
    manager,
    created,
    get forward() {
      return state.forward;
    },
  };
}

describe('WindowManager', () => {
  it('creates a window hidden and shows it once its page is ready', () => {
    const { manager, created } = managerWithFakes();
    manager.show('account');
    const [window] = created.get('account') ?? [];
    expect(window?.visible).toBe(false);
    window?.emit('ready-to-show');
    expect(window?.visible).toBe(true);
    expect(window?.focused).toBe(1);
  });

  it('keeps one window per kind: showing again restores and focuses it', () => {
    const fakes = managerWithFakes();
    fakes.manager.show('account');
    const window = fakes.created.get('account')?.[0];
    window?.emit('ready-to-show');
    if (window) window.minimized = true;
    fakes.manager.show('account');
    expect(fakes.created.get('account')).toHaveLength(1);
    expect(window).toMatchObject({ minimized: false, visible: true, focused: 2 });
    expect(fakes.forward).toBe(2);
  });

  it('hides the account window on close, and closes the PAT dialog for real', () => {
    const { manager, created } = managerWithFakes();
    manager.show('account');
    manager.show('pat');
    const account = created.get('account')?.[0];
    const pat = created.get('pat')?.[0];
    account?.emit('ready-to-show');
    pat?.emit('ready-to-show');

    account?.close();
    expect(account).toMatchObject({ destroyed: false, visible: false });
    pat?.close();
    expect(pat?.destroyed).toBe(true);

    manager.show('pat');
    expect(created.get('pat')).toHaveLength(2);
  });

  it('lets windows close once the app is quitting', () => {
    const { manager, created } = managerWithFakes();
    manager.show('account');
    manager.prepareToQuit();
    const account = created.get('account')?.[0];
    account?.close();
    expect(account?.destroyed).toBe(true);
    expect(manager.webContentsIds().size).toBe(0);
  });

  it('trusts exactly the webContents of its live windows', () => {
    const { manager, created } = managerWithFakes();
    manager.show('account');
    manager.show('pat');
    const account = created.get('account')?.[0];
    const pat = created.get('pat')?.[0];
    expect([...manager.webContentsIds()].sort()).toEqual(
      [account?.webContents.id, pat?.webContents.id].sort(),
    );
    pat?.close();
    expect([...manager.webContentsIds()]).toEqual([account?.webContents.id]);
  });

  it('closes the window a closeWindow call came from, and only that one', () => {
    const { manager, created } = managerWithFakes();
    manager.show('account');
    manager.show('pat');
    const pat = created.get('pat')?.[0];
    expect(manager.closeFrom(pat?.webContents.id ?? -1)).toBe(true);
    expect(pat?.destroyed).toBe(true);
    expect(created.get('account')?.[0]?.destroyed).toBe(false);
    expect(manager.closeFrom(9999)).toBe(false);
  });

  it('sends a broadcast to every live window, hidden ones too', () => {
    const { manager, created } = managerWithFakes();
    manager.show('account');
    manager.show('pat');
    created.get('pat')?.[0]?.close();
    manager.broadcast('tray:state', { status: 'signed_out' });
    expect(created.get('account')?.[0]?.webContents.sent).toEqual([['tray:state', { status: 'signed_out' }]]);
    expect(created.get('pat')?.[0]?.webContents.sent).toEqual([]);
  });
});
