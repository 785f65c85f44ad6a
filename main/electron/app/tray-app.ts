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
import { TrayService } from '../../core/app/tray-service.js';
import type { DevelopmentServerLoader } from '../../core/development-server.js';
import { STATE_CHANNEL } from '../../ipc/contract.js';
import { createAutostart, startedAtLogin } from '../autostart/index.js';
import { iconFor } from '../icons/tray-icon-files.js';
import { trayIconDirectory } from '../icons/tray-icon-directory.js';
import { productionTarget, sandboxTarget, type ApiTarget } from './api-target.js';
import { appLayout } from './app-layout.js';
import { createTrayWindow } from './browser-window.js';
import { hostNamesOf } from './external-urls.js';
import { registerIpcHandlers } from './ipc-handlers.js';
import { parseLaunchArgs, type LaunchArgs } from './launch-args.js';
import { createMenuDispatcher } from './menu-dispatcher.js';
import { chromiumFetch } from './net-fetch.js';
import { createNotifier, failureSpec, notificationSpec } from './notifier.js';
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
  const platform = process.platform;
  const launch = parseLaunchArgs(argv);
  const target = await resolveTarget(launch, developmentServer);
  const layout = appLayout(mainDir);
  const pageUrls = Object.values(layout.pageUrls);

  guardSession(session.defaultSession, pageUrls);
  const windows = new WindowManager({
    create: (kind) => createTrayWindow(kind, layout, !app.isPackaged),
    // A menu-bar app is never the active app on its own, so its window would open behind others.
    beforeShow: () => (platform === 'darwin' ? app.focus({ steal: true }) : undefined),
  });

  const preferences = electronPreferences();
  const autostart = startAtLoginFor({ packaged: app.isPackaged, sandbox: launch.sandbox }, () =>
    createAutostart({ platform, app, execPath: process.execPath, home: homedir(), env: process.env }),
  );
  await syncStartAtLogin(preferences, autostart).catch((error: unknown) =>
    console.warn(`Could not read the start-at-login setting: ${String(error)}`),
  );

  const notify = createNotifier({
    isSupported: () => Notification.isSupported(),
    create: (options) => new Notification(options),
    activate: (activation) => (activation === 'sign-in' ? void service.signIn() : windows.show('account')),
  });
  const openers = createOpeners({
    allowHttpLoopback: target.allowHttpLoopback,
    knownHosts: hostNamesOf([target.dashboardHost]),
    // Looked up on every call, not captured: the Electron e2e harness replaces it to play the browser.
    open: (url) => shell.openExternal(url),
  });

  const service: TrayService = new TrayService({
    configPath: target.configPath,
    hostFor: target.hostFor,
    fetchFor: target.fetchFor,
    ...openers,
    preferences,
    autoStart: autostart,
    notify: (notification) => notify(notificationSpec(notification)),
    dashboardHost: target.dashboardHost,
    // The CLI's host, so a session the CLI refreshed at the top level is recognised (never with
    // --sandbox, whose credentials are not the CLI's). See mayProbeTopLevel.
    ...(launch.sandbox || !process.env['PIPECAT_API_HOST']
      ? {}
      : { cliApiHost: process.env['PIPECAT_API_HOST'] }),
  });

  registerIpcHandlers(ipcMain, {
    service,
    trustedSenders: () => ({ webContentsIds: windows.webContentsIds(), pageUrls }),
    closeWindow: (id) => void windows.closeFrom(id),
    onRefused: (channel, reason) => console.warn(`Refused ${channel} from a window: ${reason}`),
  });

  const iconDirectory = trayIconDirectory({
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    fromDirectory: mainDir,
  });
  const guid = trayGuid(platform, app.isPackaged);
  const initialIcon = iconFor(service.state, platform, iconDirectory);
  const tray = guid === undefined ? new Tray(initialIcon) : new Tray(initialIcon, guid);
  const controller: TrayController<Menu> = new TrayController({
    tray,
    buildMenu: (template) => Menu.buildFromTemplate(template),
    platform,
    iconDirectory,
    initialIcon,
    openAccount: () => windows.show('account'),
    now: () => Date.now(),
    dispatch: createMenuDispatcher({
      service,
      showWindow: (kind) => windows.show(kind),
      copyText: (text) => clipboard.writeText(text),
      quit: () => app.quit(),
      reportFailure: (message) => notify(failureSpec(message)),
      refreshMenu: () => controller.tick(),
    }),
  });

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

  // `--hidden` (Windows, Linux) or macOS's own login item: stay in the tray.
  if (!startedAtLogin(argv, platform, app)) windows.show('account');
  service
    .start()
    .catch((error: unknown) => console.error(`The account could not be loaded: ${String(error)}`));

  return {
    showAccount: () => windows.show('account'),
    prepareToQuit: () => windows.prepareToQuit(),
    stop: () => {
      clearInterval(ticker);
      stopWatching();
      stopWatchingSuspend();
      unsubscribe();
      service.stop();
      tray.destroy();
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
