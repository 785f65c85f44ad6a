// @ts-check
/**
 * `npm start` (after `npm run build`): the tray app in Electron, with this checkout as the app.
 * Arguments pass through. `npm start -- --sandbox` starts the development entry point instead
 * (dist/sandbox/entries/tray.js: the same app plus the local identity server `npm run sandbox` runs).
 *
 * The `electron` package downloads its binary from GitHub in a postinstall step; where that could
 * not happen, say so in one sentence and exit non-zero instead of Electron's stack trace.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const APP_DIR = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const MISSING =
  "Electron's binary is not installed (it downloads from GitHub): run the terminal command " +
  '`npx pipecat-tray` instead, or reinstall with network access.';

/** The Electron executable, or undefined when the package or its binary is missing. */
function electronBinary() {
  try {
    // node_modules/electron/index.js exports the binary's path, and throws when path.txt is missing.
    const binary = /** @type {unknown} */ (createRequire(import.meta.url)('electron'));
    return typeof binary === 'string' && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
if (binary === undefined) {
  console.error(MISSING);
  process.exit(1);
}

// With ELECTRON_RUN_AS_NODE set, the binary would run main.js as a plain Node script.
const env = { ...process.env };
delete env['ELECTRON_RUN_AS_NODE'];
const args = process.argv.slice(2);
const entry = args.includes('--sandbox')
  ? path.join(APP_DIR, 'dist', 'sandbox', 'entries', 'tray.js')
  : APP_DIR;
const child = spawn(binary, [entry, ...args], { stdio: 'inherit', env });
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => child.kill(signal));
}
child.on('error', (error) => {
  console.error(`Electron could not be started: ${error.message}`);
  process.exitCode = 1;
});
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
