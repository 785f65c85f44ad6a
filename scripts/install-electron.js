// @ts-check
// postinstall: fetch Electron's binary the way its own install script does, but never fail the
// install over it. npm 11 does not run dependencies' install scripts unless approved, and machines
// that cannot reach GitHub (CI here) cannot download it at all: there the tray cannot start, and
// `npm start` says so, while the terminal command and every test still work.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let installer;
try {
  installer = require.resolve('electron/install.js');
} catch {
  process.exit(0); // electron is a devDependency: absent in a production install.
}
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) process.exit(0);
const result = spawnSync(process.execPath, [installer], {
  stdio: ['ignore', 'ignore', 'pipe'],
  timeout: 300_000,
});
const pathFile = installer.replace(/install\.js$/, 'path.txt');
if (result.status !== 0 || !existsSync(pathFile)) {
  console.warn(
    "Electron's binary could not be downloaded (it comes from GitHub); the tray app cannot start on this machine, but `npx pipecat-tray` and the tests work.",
  );
}
