import type { AccountView } from '../../ipc/contract.js';
import { iconFor } from '../icons/tray-icon-files.js';
import { buildTrayMenu, trayTooltip, type TrayMenuItem } from '../menu/index.js';

/** Everything the tray shows for one account view at one moment. */
export interface TrayPresentation {
  icon: string;
  tooltip: string;
  menu: TrayMenuItem[];
}

export function trayPresentation(
  view: AccountView,
  platform: NodeJS.Platform,
  iconDirectory: string,
  nowMs: number,
): TrayPresentation {
  return {
    icon: iconFor(view, platform, iconDirectory),
    tooltip: trayTooltip(view, nowMs),
    menu: buildTrayMenu(view, { platform, nowMs }),
  };
}

/** How the tray icon takes clicks on each OS. */
export interface TrayBehaviour {
  /**
   * 'attached': `setContextMenu`, re-set on every change (Windows: right-click opens it; Linux:
   * any click, as StatusNotifierItem/AppIndicator often delivers no click events at all).
   * 'pop-up': macOS, where an attached menu takes the left click for itself (electron/electron#2830,
   * #24196): the menu pops up on right-click instead, and left-click stays free for the window.
   */
  menu: 'attached' | 'pop-up';
  /** Left-click opens the account window (macOS and Windows; Linux has the menu's "Show account…"). */
  leftClickOpensAccount: boolean;
}

export function trayBehaviour(platform: NodeJS.Platform): TrayBehaviour {
  if (platform === 'darwin') return { menu: 'pop-up', leftClickOpensAccount: true };
  if (platform === 'win32') return { menu: 'attached', leftClickOpensAccount: true };
  return { menu: 'attached', leftClickOpensAccount: false };
}

/**
 * The fixed notification-area GUID (Windows), which keeps the icon where the user pinned it across
 * restarts and updates. Windows ties a GUID to the executable's path (or its signature), and a
 * GUID reused from another path makes tray creation fail, so development runs (electron.exe in
 * node_modules, wherever the checkout lives) go without one.
 */
const WINDOWS_TRAY_GUID = '752c1608-910b-4bbf-8745-cdc6d699f194';

export function trayGuid(platform: NodeJS.Platform, isPackaged: boolean): string | undefined {
  return platform === 'win32' && isPackaged ? WINDOWS_TRAY_GUID : undefined;
}
