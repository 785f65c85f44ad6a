import type { MenuItemConstructorOptions } from 'electron';
import type { ActionCall } from '../../ipc/actions.js';

/**
 * A tray menu entry as plain data: the fields Electron's template takes, plus the registry action a
 * click stands for instead of a `click` function. Assignable to `MenuItemConstructorOptions`.
 */
export interface TrayMenuItem extends Pick<MenuItemConstructorOptions, 'label' | 'enabled' | 'checked'> {
  /** Unique within one menu, so `Menu.getMenuItemById` and tests can find an entry. */
  id?: string;
  type: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  action?: ActionCall;
  submenu?: TrayMenuItem[];
}

export const SEPARATOR: Readonly<TrayMenuItem> = Object.freeze({ type: 'separator' });
