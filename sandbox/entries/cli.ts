/**
 * The terminal command of a source checkout: the shipped one (main/headless/main.ts) plus
 * `--sandbox`. bin/pipecat-tray.js starts this file when it exists; the npm package leaves it out.
 */
import { main } from '../../main/headless/cli.js';
import { processOutput } from '../../main/headless/output.js';
import { loadSandboxServer } from '../development-server.js';

process.exitCode = await main(process.argv.slice(2), process.env, processOutput(), {
  developmentServer: loadSandboxServer,
});
