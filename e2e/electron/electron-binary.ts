import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

/**
 * Where the Electron executable is, if there is one. The `electron` package only writes
 * `path.txt` after its postinstall downloaded the binary into `dist/`, which cannot happen on a
 * machine without GitHub (ELECTRON_SKIP_BINARY_DOWNLOAD=1): the types install, the binary not.
 * Mirrors node_modules/electron/index.js, without throwing.
 */
export function findElectronBinary(env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const require = createRequire(import.meta.url);
  let packageDir: string;
  try {
    packageDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { found: false, reason: 'the electron package is not installed' };
  }
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override) {
    const candidate = path.join(override, relative ?? 'electron');
    return existsSync(candidate)
      ? { found: true, path: candidate }
      : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no ${path.basename(candidate)}` };
  }
  if (relative === undefined) {
    return { found: false, reason: 'node_modules/electron/path.txt is missing (binary never downloaded)' };
  }
  const binary = path.join(packageDir, 'dist', relative);
  return existsSync(binary)
    ? { found: true, path: binary }
    : { found: false, reason: `node_modules/electron/dist/${relative} is missing` };
}
