import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu. A menu-bar app shows none, but on macOS the keyboard shortcuts of text
 * fields (⌘C, ⌘V, ⌘A, ⌘Z) are menu items: without an Edit menu, a PAT cannot be pasted. Windows
 * and Linux windows get no menu bar at all; Chromium handles Ctrl+C/V in fields by itself there.
 */
export function applicationMenuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] | null {
  return platform === 'darwin' ? [{ role: 'appMenu' }, { role: 'editMenu' }] : null;
}
