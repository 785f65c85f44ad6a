/**
 * The tray app's main process: one instance, no Dock icon, the core wired to Electron
 * (app/tray-app.ts). `--sandbox` runs against the local identity server with its own credentials
 * file, preferences and instance lock; `--hidden` (a start at login) opens no window.
 */
import { app, dialog, Menu } from 'electron';
import type { DevelopmentServerLoader } from '../core/development-server.js';
import { UserFacingError } from '../core/errors.js';
import { applicationMenuTemplate } from './app/app-menu.js';
import { parseLaunchArgs } from './app/launch-args.js';
import { startTrayApp, type TrayApp } from './app/tray-app.js';
import { guardWebContents } from './app/web-guards.js';

/** electron-builder.yml `appId`: Windows files notifications under it. */
const APP_ID = 'co.daily.pipecat.tray';

/** Starts the tray; the entry point decides whether `--sandbox` has a server to talk to. */
export function runTrayMain(developmentServer?: DevelopmentServerLoader): void {
  const launch = parseLaunchArgs(process.argv);
  if (launch.sandbox) {
    // Before anything reads userData: the sandbox gets its own preferences and its own instance lock,
    // so it runs next to the real tray and never changes its settings.
    app.setPath('userData', `${app.getPath('userData')}-sandbox`);
  }

  if (!app.requestSingleInstanceLock()) {
    // The running instance got 'second-instance' and shows its window.
    app.quit();
  } else {
    let tray: TrayApp | undefined;

    // Every webContents, ours or not, is kept from navigating, opening windows or embedding others.
    app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
    // A tray app lives on without windows (Electron quits on the last one closing by default).
    app.on('window-all-closed', () => undefined);
    app.on('second-instance', (_event, argv) => {
      if (!parseLaunchArgs(argv).hidden) tray?.showAccount();
    });
    app.on('before-quit', () => tray?.prepareToQuit());
    app.on('will-quit', () => tray?.stop());

    if (process.platform === 'win32') app.setAppUserModelId(app.isPackaged ? APP_ID : process.execPath);

    app
      .whenReady()
      .then(async () => {
        app.dock?.hide();
        const template = applicationMenuTemplate(process.platform);
        Menu.setApplicationMenu(template ? Menu.buildFromTemplate(template) : null);
        tray = await startTrayApp({ argv: process.argv, mainDir: import.meta.dirname, developmentServer });
      })
      .catch((error: unknown) => {
        const message =
          error instanceof UserFacingError ? error.message : 'Pipecat Cloud Tray could not start.';
        console.error(error instanceof UserFacingError ? message : error);
        dialog.showErrorBox('Pipecat Cloud Tray', message);
        app.exit(1);
      });
  }
}
