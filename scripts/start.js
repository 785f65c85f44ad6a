// @ts-check
// `npm start`: the tray app. Its Electron shell is the next milestone; until it lands, say so
// plainly and show the terminal command, which already signs in and keeps the CLI's file.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/pipecat-tray.js', import.meta.url));
const args = process.argv.slice(2);
console.log('Pipecat Cloud Tray: the tray icon arrives with the Electron shell (next milestone).');
console.log('Until then, the same core runs in the terminal:\n');
console.log('  npx pipecat-tray login            sign in in your browser');
console.log('  npx pipecat-tray status           who is signed in, how, which org');
console.log('  npx pipecat-tray login --sandbox  try it against the local identity server\n');
const result = spawnSync(process.execPath, [bin, 'status', ...args], { stdio: 'inherit' });
process.exitCode = result.status === null ? 1 : 0;
