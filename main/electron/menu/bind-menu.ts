import type { MenuItemConstructorOptions } from 'electron';
import type { ActionCall } from '../../ipc/actions.js';
import type { TrayMenuItem } from './menu-item.js';

/**
 * Turns the data template into Electron's template: each item's action becomes a `click` that
 * hands the action to `dispatch`. Submenus are bound too; nothing else changes.
 */
export function bindMenu(
  items: readonly TrayMenuItem[],
  dispatch: (action: ActionCall) => void,
): MenuItemConstructorOptions[] {
  return items.map(({ action, submenu, ...rest }) => {
    const bound: MenuItemConstructorOptions = { ...rest };
    if (submenu) bound.submenu = bindMenu(submenu, dispatch);
    if (action) bound.click = () => dispatch(action);
    return bound;
  });
}
