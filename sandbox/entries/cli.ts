/**
 * The terminal command of a source checkout: the shipped one (main/headless/main.ts) plus
 * `--sandbox`. bin/pipecat-tray.js starts this file when it exists; the npm package leaves it out.
 */
import { main } from '../../main/headless/cli.js';
import { processOutput } from '../../main/headless/output.js';

process.exitCode = await main(process.argv.slice(2), process.env, processOutput(), {
  // Loaded only for --sandbox: it brings undici, which no other command needs.
  developmentServer: async () => (await import('../development-server.js')).loadSandboxServer(),
});
