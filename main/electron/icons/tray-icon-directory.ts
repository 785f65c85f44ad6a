import { existsSync } from 'node:fs';
import path from 'node:path';

export interface TrayIconLocation {
  /** `app.isPackaged`. */
  isPackaged: boolean;
  /** `process.resourcesPath`: electron-builder copies `build/tray` to `<resources>/tray`. */
  resourcesPath: string;
  /** Where to start looking for the checkout in development, e.g. this module's folder. */
  fromDirectory: string;
  exists?: (file: string) => boolean;
}

/**
 * Where the tray images are: next to the app's resources once packaged (real files, which every
 * OS's tray API can read, unlike files inside app.asar), else `build/tray` of the checkout found
 * by walking up to its package.json, so it works from `main/` and from `dist/main/` alike.
 */
export function trayIconDirectory(location: TrayIconLocation): string {
  if (location.isPackaged) return path.join(location.resourcesPath, 'tray');
  const exists = location.exists ?? existsSync;
  let dir = path.resolve(location.fromDirectory);
  for (;;) {
    if (exists(path.join(dir, 'package.json'))) return path.join(dir, 'build', 'tray');
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error(`No package.json above ${location.fromDirectory}: cannot find build/tray.`);
    dir = parent;
  }
}
