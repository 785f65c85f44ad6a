import path from 'node:path';
import type { AccountView } from '../../ipc/contract.js';

export type TrayIconVariant = 'normal' | 'attention';

/**
 * The tray images per OS, as file names inside `build/tray/` (and `resources/tray/` once
 * packaged). `scripts/generate-icons.ts` writes exactly these from `build/logo.svg`.
 * - macOS: template images (black + alpha, the menu bar tints them); `@2x` is picked up by
 *   Electron next to the 1x file, and the `Template` suffix marks them as templates.
 * - Windows: `.ico` with every notification-area size, so nothing is scaled at 125 % or 150 %.
 * - Linux: a white cat for the usual dark panels, with `@2x` for HiDPI.
 */
export const TRAY_ICON_FILES = Object.freeze({
  darwin: { normal: 'trayTemplate.png', attention: 'trayAttentionTemplate.png' },
  win32: { normal: 'tray.ico', attention: 'tray-attention.ico' },
  linux: { normal: 'tray.png', attention: 'tray-attention.png' },
} satisfies Record<string, Record<TrayIconVariant, string>>);

export type TrayIconPlatform = keyof typeof TRAY_ICON_FILES;

/** "Needs attention": the session is over, the file is unusable, or a problem is waiting to be read. */
function trayIconVariant(view: Pick<AccountView, 'status' | 'lastError'>): TrayIconVariant {
  switch (view.status) {
    case 'expired':
    case 'error':
      return 'attention';
    case 'oauth':
    case 'pat':
      return view.lastError ? 'attention' : 'normal';
    case 'signed_out':
    case 'signing_in':
      return 'normal';
  }
}

/** Every other Unix desktop gets the Linux look: they share panels and StatusNotifierItem. */
function trayIconPlatform(platform: NodeJS.Platform): TrayIconPlatform {
  return platform === 'darwin' || platform === 'win32' ? platform : 'linux';
}

/** The tray image file for this state on this OS, inside `directory` (see `trayIconDirectory`). */
export function iconFor(
  view: Pick<AccountView, 'status' | 'lastError'>,
  platform: NodeJS.Platform,
  directory: string,
): string {
  return path.join(directory, TRAY_ICON_FILES[trayIconPlatform(platform)][trayIconVariant(view)]);
}
