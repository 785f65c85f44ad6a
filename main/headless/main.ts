/** The terminal command as shipped: bin/pipecat-tray.js starts this file. */
import { main } from './cli.js';
import { processOutput } from './output.js';

process.exitCode = await main(process.argv.slice(2), process.env, processOutput());
