/**
 * startTrayApp with Electron replaced by fakes (Electron's binary cannot run here): proves the
 * wiring, not Electron. The real core runs against a throw-away credentials path, so the app comes
 * up signed out without touching the network; electron-store stays out (memory preferences).
 * `--sandbox` runs against a real in-process sandbox, found the way the Electron e2e suite's app
 * finds it (its state file under $XDG_RUNTIME_DIR), and signs in with a PAT it minted, which needs
 * no browser and no loopback port.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { USER_AGENT } from '../../main/core/version.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { loadSandboxServer } from '../../sandbox/development-server.js';
import { sandboxStatePath, writeSandboxState } from '../../sandbox/state-file.js';
import type { IpcEventLike } from '../../main/electron/ipc/trusted-sender.js';
import { INVOKE_CHANNELS, STATE_CHANNEL, type AccountView } from '../../main/ipc/contract.js';

const fake = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  type Listener = (event: unknown, ...args: unknown[]) => unknown;

  class FakeBrowserWindow extends EventEmitter {
    static all: FakeBrowserWindow[] = [];
    static nextId = 100;
    readonly webContents = { id: FakeBrowserWindow.nextId++, sent: [] as [string, unknown][] } as {
      id: number;
      sent: [string, unknown][];
      send(channel: string, payload: unknown): void;
    };
    loaded: string | undefined;
    visible = false;
    destroyed = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      this.webContents.send = (channel, payload) => this.webContents.sent.push([channel, payload]);
      FakeBrowserWindow.all.push(this);
    }
    removeMenu(): void {}
    async loadURL(url: string): Promise<void> {
      this.loaded = url;
    }
    show(): void {
      this.visible = true;
    }
    focus(): void {}
    hide(): void {
      this.visible = false;
    }
    restore(): void {}
    isMinimized(): boolean {
      return false;
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    close(): void {
      let prevented = false;
      this.emit('close', { preventDefault: () => (prevented = true) });
      if (!prevented) {
        this.destroyed = true;
        this.emit('closed');
      }
    }
  }

  class FakeTray extends EventEmitter {
    static all: FakeTray[] = [];
    images: string[] = [];
    menus: { template: { label?: string }[] }[] = [];
    destroyed = false;
    constructor(
      image: string,
      readonly guid?: string,
    ) {
      super();
      this.images.push(image);
      FakeTray.all.push(this);
    }
    setImage(image: string): void {
      this.images.push(image);
    }
    setToolTip(): void {}
    setContextMenu(menu: { template: { label?: string }[] }): void {
      this.menus.push(menu);
    }
    popUpContextMenu(menu: { template: { label?: string }[] }): void {
      this.menus.push(menu);
    }
    destroy(): void {
      this.destroyed = true;
    }
  }

  const handlers = new Map<string, Listener>();
  const fetched: { url: string; userAgent: string | null }[] = [];
  const opened: string[] = [];
  const permissionHandlers: unknown[] = [];
  const module = {
    app: Object.assign(new EventEmitter(), {
      isPackaged: false,
      focus: () => undefined,
      quit: () => undefined,
      getLoginItemSettings: () => ({ openAtLogin: false, wasOpenedAtLogin: false }),
      setLoginItemSettings: () => undefined,
    }),
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: unknown[]) => ({ template }) },
    clipboard: { writeText: () => undefined },
    ipcMain: {
      handle: (channel: string, listener: Listener) => handlers.set(channel, listener),
      removeHandler: (channel: string) => handlers.delete(channel),
    },
    net: {
      online: true,
      fetch: async (input: string | Request, init?: RequestInit) => {
        const url = typeof input === 'string' ? input : input.url;
        fetched.push({ url, userAgent: new Headers(init?.headers).get('user-agent') });
        return new Response('unavailable', { status: 503 });
      },
    },
    Notification: { isSupported: () => false },
    powerMonitor: new EventEmitter(),
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: unknown) => permissionHandlers.push(handler),
        setPermissionCheckHandler: (handler: unknown) => permissionHandlers.push(handler),
      },
    },
    shell: {
      openExternal: async (url: string) => {
        opened.push(url);
      },
    },
  };
  return { module, handlers, fetched, opened, permissionHandlers, FakeBrowserWindow, FakeTray };
});

vi.mock('electron', () => fake.module);
vi.mock('../../main/electron/app/preferences-store.js', async () => {
  const { memoryPreferences } = await import('../../e2e/support/memory-preferences.js');
  return { electronPreferences: () => memoryPreferences() };
});

const { startTrayApp } = await import('../../main/electron/app/tray-app.js');
type TrayApp = Awaited<ReturnType<typeof startTrayApp>>;

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN_DIR = path.join(REPO, 'dist', 'main', 'electron');
const ACCOUNT_PAGE = pathToFileURL(path.join(REPO, 'dist', 'renderer', 'account.html')).href;

function restoreEnv(
  key: 'HOME' | 'XDG_RUNTIME_DIR' | 'PIPECAT_CONFIG_PATH',
  value: string | undefined,
): void {
  if (value === undefined) Reflect.deleteProperty(process.env, key);
  else process.env[key] = value;
}

function invoke(channel: string, event: IpcEventLike, ...args: unknown[]): Promise<unknown> {
  const handler = fake.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return Promise.resolve().then(() => handler(event, ...args));
}

describe('startTrayApp, wired to fake Electron', () => {
  let dir: string;
  let tray: TrayApp | undefined;
  const savedConfigPath = process.env['PIPECAT_CONFIG_PATH'];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tray-wiring-'));
    process.env['PIPECAT_CONFIG_PATH'] = path.join(dir, 'pipecatcloud.toml');
    tray = await startTrayApp({ argv: ['electron', REPO], mainDir: MAIN_DIR });
  });

  afterEach(async () => {
    tray?.stop();
    fake.FakeBrowserWindow.all.length = 0;
    fake.FakeTray.all.length = 0;
    fake.fetched.length = 0;
    fake.opened.length = 0;
    fake.permissionHandlers.length = 0;
    restoreEnv('PIPECAT_CONFIG_PATH', savedConfigPath);
    await rm(dir, { recursive: true, force: true });
  });

  const accountWindow = () => {
    const [window] = fake.FakeBrowserWindow.all;
    if (!window) throw new Error('no window was created');
    return window;
  };
  const fromAccount = (): IpcEventLike => ({
    sender: { id: accountWindow().webContents.id },
    senderFrame: { url: ACCOUNT_PAGE, parent: null },
  });

  it('opens the hardened account window on its page, and guards the session', () => {
    const window = accountWindow();
    expect(fake.FakeBrowserWindow.all).toHaveLength(1);
    expect(window.loaded).toBe(ACCOUNT_PAGE);
    expect(window.options).toMatchObject({
      width: 420,
      height: 560,
      webPreferences: {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        preload: path.join(REPO, 'dist', 'preload', 'preload.cjs'),
      },
    });
    expect(fake.permissionHandlers).toHaveLength(2);
  });

  it('puts the signed-out menu and icon in the tray, from build/tray', () => {
    const [icon] = fake.FakeTray.all;
    expect(icon?.images[0]).toContain(path.join(REPO, 'build', 'tray'));
    expect(icon?.guid).toBeUndefined();
    const menu = icon?.menus.at(-1)?.template ?? [];
    expect(menu[0]?.label).toBe('Sign in to Pipecat Cloud');
  });

  it('answers the window with the view, which carries no secret', async () => {
    const view = (await invoke(INVOKE_CHANNELS.getState, fromAccount())) as AccountView;
    expect(view).toMatchObject({
      status: 'signed_out',
      environment: 'production',
      apiHost: 'https://api.pipecat.daily.co',
      configPath: path.join(dir, 'pipecatcloud.toml'),
    });
    expect(JSON.stringify(view)).not.toMatch(/token|secret|verifier/i);
  });

  it('refuses a sender that is not one of its windows', async () => {
    const foreign = { sender: { id: 1 }, senderFrame: { url: ACCOUNT_PAGE, parent: null } };
    await expect(invoke(INVOKE_CHANNELS.getState, foreign)).rejects.toThrow('refused');
  });

  it('reaches Pipecat Cloud through net.fetch with the app User-Agent, pushing each state', async () => {
    const result = await invoke(INVOKE_CHANNELS.signIn, fromAccount());
    expect(result).toMatchObject({ ok: false });
    expect(fake.fetched[0]).toEqual({
      url: 'https://api.pipecat.daily.co/auth/config',
      userAgent: USER_AGENT,
    });
    const pushed = accountWindow().webContents.sent;
    expect(pushed.map(([channel]) => channel)).toEqual([STATE_CHANNEL, STATE_CHANNEL]);
    expect(pushed.map(([, view]) => (view as AccountView).status)).toEqual(['signing_in', 'signed_out']);
    expect(fake.FakeTray.all[0]?.menus.at(-2)?.template[0]?.label).toBe('Waiting for browser…');
  });

  it('opens the dashboard in the browser', async () => {
    await expect(invoke(INVOKE_CHANNELS.openDashboard, fromAccount())).resolves.toEqual({ ok: true });
    expect(fake.opened).toEqual(['https://pipecat.daily.co']);
  });

  it('says start at login needs the installed app (this is a development run)', async () => {
    const result = await invoke(INVOKE_CHANNELS.setStartAtLogin, fromAccount(), true);
    expect(result).toEqual({
      ok: false,
      message: 'Start at login is only available in the installed app, not in a development run.',
    });
  });

  it('closeWindow hides the account window rather than destroying it', async () => {
    const window = accountWindow();
    window.emit('ready-to-show');
    await invoke(INVOKE_CHANNELS.closeWindow, fromAccount());
    expect(window).toMatchObject({ visible: false, destroyed: false });
    tray?.showAccount();
    expect(window.visible).toBe(true);
    expect(fake.FakeBrowserWindow.all).toHaveLength(1);
  });

  it('stop() removes the tray icon', () => {
    tray?.stop();
    tray = undefined;
    expect(fake.FakeTray.all[0]?.destroyed).toBe(true);
  });
});

describe('startTrayApp --sandbox, wired to fake Electron', () => {
  let sandbox: Sandbox;
  let home: string;
  let tray: TrayApp | undefined;
  const saved = { HOME: process.env['HOME'], XDG_RUNTIME_DIR: process.env['XDG_RUNTIME_DIR'] };

  beforeEach(async () => {
    sandbox = await startSandbox();
    home = await mkdtemp(path.join(tmpdir(), 'tray-sandbox-'));
    process.env['HOME'] = home;
    process.env['XDG_RUNTIME_DIR'] = path.join(home, 'run');
    await writeSandboxState(
      { apiHost: sandbox.apiHost, caFile: sandbox.caFile, pid: process.pid },
      sandboxStatePath(process.env, home),
    );
    tray = await startTrayApp({
      argv: ['electron', REPO, '--sandbox'],
      mainDir: MAIN_DIR,
      developmentServer: loadSandboxServer,
    });
  });

  afterEach(async () => {
    tray?.stop();
    fake.FakeBrowserWindow.all.length = 0;
    fake.FakeTray.all.length = 0;
    fake.fetched.length = 0;
    restoreEnv('HOME', saved.HOME);
    restoreEnv('XDG_RUNTIME_DIR', saved.XDG_RUNTIME_DIR);
    await sandbox.close();
    await rm(home, { recursive: true, force: true });
  });

  const fromAccount = (): IpcEventLike => {
    const [window] = fake.FakeBrowserWindow.all;
    if (!window) throw new Error('no window was created');
    return { sender: { id: window.webContents.id }, senderFrame: { url: ACCOUNT_PAGE, parent: null } };
  };
  const sandboxFile = () => path.join(home, '.config', 'pipecat-tray', 'sandbox', 'pipecatcloud.toml');

  it('talks to the running sandbox, with the sandbox credentials file', async () => {
    const view = (await invoke(INVOKE_CHANNELS.getState, fromAccount())) as AccountView;
    expect(view).toMatchObject({ status: 'signed_out', apiHost: sandbox.apiHost, configPath: sandboxFile() });
  });

  it('signs in with a PAT over TLS trusting the sandbox CA alone, not through net.fetch', async () => {
    const result = await invoke(INVOKE_CHANNELS.usePersonalAccessToken, fromAccount(), sandbox.mintPat());
    expect(result).toMatchObject({ ok: true });
    const view = (await invoke(INVOKE_CHANNELS.getState, fromAccount())) as AccountView;
    expect(view).toMatchObject({ status: 'pat', email: sandbox.account.email, configPath: sandboxFile() });
    expect(fake.fetched).toEqual([]);
  });

  it('without a development entry point, says in one sentence that the sandbox is not included', async () => {
    tray?.stop();
    tray = undefined;
    await expect(startTrayApp({ argv: ['electron', REPO, '--sandbox'], mainDir: MAIN_DIR })).rejects.toThrow(
      'The local identity server (--sandbox) is not included in this build; it runs from a source checkout (npm install, then npm run sandbox).',
    );
  });

  it('refuses to register a sandbox run to start at login', async () => {
    await expect(invoke(INVOKE_CHANNELS.setStartAtLogin, fromAccount(), true)).resolves.toMatchObject({
      ok: false,
      message: 'Start at login is only available in the installed app, not in a sandbox run.',
    });
  });
});
