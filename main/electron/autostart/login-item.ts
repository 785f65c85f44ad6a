import type { App } from 'electron';
import { HIDDEN_ARGUMENT } from './desktop-entry.js';

export type LoginItemApp = Pick<App, 'setLoginItemSettings' | 'getLoginItemSettings'>;

export interface LoginItemTarget {
  platform: 'darwin' | 'win32';
  /** `process.execPath`; Windows writes it into the Run key. */
  execPath: string;
}

/**
 * macOS and Windows: the OS's own login items. Windows starts us with `--hidden`; macOS cannot
 * pass arguments to a login item (and `openAsHidden` is gone since macOS 13), but a menu-bar app
 * with `LSUIElement` opens no window on its own anyway: main checks `wasOpenedAtLogin` there.
 */
export function setLoginItem(app: LoginItemApp, target: LoginItemTarget, enabled: boolean): void {
  if (target.platform === 'win32') {
    app.setLoginItemSettings({ openAtLogin: enabled, path: target.execPath, args: [HIDDEN_ARGUMENT] });
  } else {
    app.setLoginItemSettings({ openAtLogin: enabled });
  }
}

export function isLoginItemEnabled(app: LoginItemApp, target: LoginItemTarget): boolean {
  // Windows matches the Run key by path and arguments, so ask with the ones we wrote.
  const settings =
    target.platform === 'win32'
      ? app.getLoginItemSettings({ path: target.execPath, args: [HIDDEN_ARGUMENT] })
      : app.getLoginItemSettings();
  return settings.openAtLogin;
}
