import { homedir } from 'node:os';
import {
  app,
  clipboard,
  ipcMain,
  Menu,
  net,
  Notification,
  powerMonitor,
  session,
  shell,
  Tray,
} from 'electron';
import type { PreferencesStore } from '../../core/app/preferences.js';
import { TrayService } from '../../core/app/tray-service.js';
import type { DevelopmentServerLoader } from '../../core/development-server.js';
import type { ActionCall, ActionHost } from '../../ipc/actions.js';
import { STATE_CHANNEL, type AccountView } from '../../ipc/contract.js';
import { createAutostart, startedAtLogin, type Autostart } from '../autostart/index.js';
import { iconFor } from '../icons/tray-icon-files.js';
import { trayIconDirectory } from '../icons/tray-icon-directory.js';
import { productionTarget, sandboxTarget, type ApiTarget } from './api-target.js';
import { appLayout, type AppLayout } from './app-layout.js';
import { createTrayWindow } from './browser-window.js';
import { hostNamesOf } from './external-urls.js';
import { registerIpcHandlers } from './ipc-handlers.js';
import { parseLaunchArgs, type LaunchArgs } from './launch-args.js';
import { createMenuDispatcher } from './menu-dispatcher.js';
import { chromiumFetch } from './net-fetch.js';
import { createNotifier, failureSpec, notificationSpec, type NotificationSpec } from './notifier.js';
import { createOpeners } from './openers.js';
import { electronPreferences } from './preferences-store.js';
import { startAtLoginFor, syncStartAtLogin } from './start-at-login.js';
import { TrayController } from './tray-controller.js';
import { trayGuid } from './tray-presentation.js';
import { watchSuspend, watchWake } from './wake-events.js';
import { guardSession } from './web-guards.js';
import { WindowManager } from './window-manager.js';

const MINUTE_MS = 60_000;

export interface TrayAppOptions {
  /** `process.argv`: `--sandbox`, `--hidden`. */
  argv: readonly string[];
  /** The folder of the compiled main.js. */
  mainDir: string;
  /** Handed in by the development entry point only: what `--sandbox` talks to. */
  developmentServer?: DevelopmentServerLoader;
}

/** A running tray app: what main.ts needs to route a second launch and to quit. */
export interface TrayApp {
  showAccount(): void;
  prepareToQuit(): void;
  stop(): void;
}

/** Wires the core to Electron, once the app is ready. Everything with a decision in it lives elsewhere. */
export async function startTrayApp({ argv, mainDir, developmentServer }: TrayAppOptions): Promise<TrayApp> {
  const launch = parseLaunchArgs(argv);
  const target = await resolveTarget(launch, developmentServer);
  const layout = appLayout(mainDir);
  const pageUrls = Object.values(layout.pageUrls);
  guardSession(session.defaultSession, pageUrls);
  const windows = createWindows(layout);
  const preferences = electronPreferences();
  const autostart = await startAtLogin(launch, preferences);
  const notify = createNotifier({
    isSupported: () => Notification.isSupported(),
    create: (options) => new Notification(options),
    activate: (activation) => (activation === 'sign-in' ? void service.signIn() : windows.show('account')),
  });
  const service = createService(launch, target, { preferences, autostart, notify });
  const host: Omit<ActionHost, 'closeCaller'> = {
    core: service,
    showWindow: (kind) => windows.show(kind),
    copyText: (text) => clipboard.writeText(text),
    quit: () => app.quit(),
  };
  registerIpcHandlers(ipcMain, {
    host,
    trustedSenders: () => ({ webContentsIds: windows.webContentsIds(), pageUrls }),
    closeWindow: (id) => void windows.closeFrom(id),
    onRefused: (channel, reason) => console.warn(`Refused ${channel} from a window: ${reason}`),
  });
  const dispatch = createMenuDispatcher({
    host,
    reportFailure: (message) => notify(failureSpec(message)),
    refreshMenu: () => tray.controller.tick(),
  });
  const tray = createTray(mainDir, service.state, dispatch, () => windows.show('account'));
  const stopFollowing = follow(service, tray.controller, windows);

  // `--hidden` (Windows, Linux) or macOS's own login item: stay in the tray.
  if (!startedAtLogin(argv, process.platform, app)) windows.show('account');
  service
    .start()
    .catch((error: unknown) => console.error(`The account could not be loaded: ${String(error)}`));

  return {
    showAccount: () => windows.show('account'),
    prepareToQuit: () => windows.prepareToQuit(),
    stop: () => {
      stopFollowing();
      service.stop();
      tray.icon.destroy();
    },
  };
}

function resolveTarget(
  launch: LaunchArgs,
  developmentServer: DevelopmentServerLoader | undefined,
): Promise<ApiTarget> {
  if (launch.sandbox) return sandboxTarget(developmentServer);
  return Promise.resolve(
    productionTarget({
      env: process.env,
      fetch: chromiumFetch((input, init) => net.fetch(input, init)),
      allowHttpLoopback: !app.isPackaged,
    }),
  );
}

function createWindows(layout: AppLayout): WindowManager {
  return new WindowManager({
    create: (kind) => createTrayWindow(kind, layout, !app.isPackaged),
    // A menu-bar app is never the active app on its own, so its window would open behind others.
    beforeShow: () => (process.platform === 'darwin' ? app.focus({ steal: true }) : undefined),
  });
}

async function startAtLogin(launch: LaunchArgs, preferences: PreferencesStore): Promise<Autostart> {
  const autostart = startAtLoginFor({ packaged: app.isPackaged, sandbox: launch.sandbox }, () =>
    createAutostart({
      platform: process.platform,
      app,
      execPath: process.execPath,
      home: homedir(),
      env: process.env,
    }),
  );
  await syncStartAtLogin(preferences, autostart).catch((error: unknown) =>
    console.warn(`Could not read the start-at-login setting: ${String(error)}`),
  );
  return autostart;
}

function createService(
  launch: LaunchArgs,
  target: ApiTarget,
  shellParts: { preferences: PreferencesStore; autostart: Autostart; notify(spec: NotificationSpec): void },
): TrayService {
  const openers = createOpeners({
    allowHttpLoopback: target.allowHttpLoopback,
    knownHosts: hostNamesOf([target.dashboardHost]),
    // Looked up on every call, not captured: the Electron e2e harness replaces it to play the browser.
    open: (url) => shell.openExternal(url),
  });
  const cliApiHost = process.env['PIPECAT_API_HOST'];
  return new TrayService({
    configPath: target.configPath,
    hostFor: target.hostFor,
    fetchFor: target.fetchFor,
    ...openers,
    preferences: shellParts.preferences,
    autoStart: shellParts.autostart,
    notify: (notification) => shellParts.notify(notificationSpec(notification)),
    dashboardHost: target.dashboardHost,
    // The CLI's host, so a session the CLI refreshed at the top level is recognised (never with
    // --sandbox, whose credentials are not the CLI's). See mayProbeTopLevel.
    ...(launch.sandbox || !cliApiHost ? {} : { cliApiHost }),
  });
}

function createTray(
  mainDir: string,
  initialView: AccountView,
  dispatch: (call: ActionCall) => void,
  openAccount: () => void,
): { icon: Tray; controller: TrayController<Menu> } {
  const platform = process.platform;
  const iconDirectory = trayIconDirectory({
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    fromDirectory: mainDir,
  });
  const guid = trayGuid(platform, app.isPackaged);
  const initialIcon = iconFor(initialView, platform, iconDirectory);
  const icon = guid === undefined ? new Tray(initialIcon) : new Tray(initialIcon, guid);
  const controller = new TrayController<Menu>({
    tray: icon,
    buildMenu: (template) => Menu.buildFromTemplate(template),
    platform,
    iconDirectory,
    initialIcon,
    openAccount,
    now: () => Date.now(),
    dispatch,
  });
  return { icon, controller };
}

/** Keeps the tray and the windows on the current view, and the session awake; returns the stop. */
function follow(service: TrayService, controller: TrayController<Menu>, windows: WindowManager): () => void {
  const unsubscribe = service.subscribe((view) => {
    controller.render(view);
    windows.broadcast(STATE_CHANNEL, view);
  });
  const ticker = setInterval(() => controller.tick(), MINUTE_MS);
  const stopWatching = watchWake(
    {
      power: powerMonitor,
      isOnline: () => net.online,
      every: (ms, task) => {
        const timer = setInterval(task, ms);
        return () => clearInterval(timer);
      },
    },
    () => service.checkNow(),
  );
  const stopWatchingSuspend = watchSuspend(powerMonitor, () => service.beforeSleep());
  return () => {
    clearInterval(ticker);
    stopWatching();
    stopWatchingSuspend();
    unsubscribe();
  };
}
