import type { App } from 'electron';
import { isLoginItemEnabled, setLoginItem, type LoginItemApp } from './login-item.js';
import { disableXdgAutostart, enableXdgAutostart, isXdgAutostartEnabled } from './xdg-autostart.js';
import { HIDDEN_ARGUMENT } from './desktop-entry.js';

/** Start at login, the same way on every OS for the rest of the shell. */
export interface Autostart {
  isEnabled(): Promise<boolean>;
  setEnabled(enabled: boolean): Promise<void>;
}

export interface AutostartOptions {
  platform: NodeJS.Platform;
  app: LoginItemApp;
  /** `process.execPath`. */
  execPath: string;
  /** `os.homedir()`. */
  home: string;
  /** `process.env`: `APPIMAGE` and `XDG_CONFIG_HOME` are read from it on Linux. */
  env: NodeJS.ProcessEnv;
}

export function createAutostart(options: AutostartOptions): Autostart {
  const { platform, app, execPath, home, env } = options;
  if (platform === 'darwin' || platform === 'win32') {
    const target = { platform, execPath };
    return {
      isEnabled: async () => isLoginItemEnabled(app, target),
      setEnabled: async (enabled) => setLoginItem(app, target, enabled),
    };
  }
  const location = { home, xdgConfigHome: env['XDG_CONFIG_HOME'] };
  return {
    isEnabled: () => isXdgAutostartEnabled(location),
    setEnabled: (enabled) =>
      enabled
        ? enableXdgAutostart(location, { execPath, appImage: env['APPIMAGE'], args: [HIDDEN_ARGUMENT] })
        : disableXdgAutostart(location),
  };
}

/**
 * Whether this start should stay in the tray without opening a window: started by the OS at
 * login (`--hidden` on Windows and Linux, `wasOpenedAtLogin` on macOS).
 */
export function startedAtLogin(
  argv: readonly string[],
  platform: NodeJS.Platform,
  app: Pick<App, 'getLoginItemSettings'>,
): boolean {
  if (argv.includes(HIDDEN_ARGUMENT)) return true;
  return platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
}
