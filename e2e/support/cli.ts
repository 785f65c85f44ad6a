/**
 * The real Pipecat Cloud CLI in tests, installed as users install it (pip, in a venv cached under
 * ~/.cache/pipecat-tray-tests/) and run as they type it. What it does on the wire and prints is
 * written down in docs/cli-wire-behaviour.md.
 *
 * - `ensurePipecatCli()`: the path of the installed `pipecat` executable (pipecat-ai-cli 1.3.0
 *   with pipecatcloud 1.4.0); its folder also holds `pc`. Put that folder on a PATH to give a
 *   process the CLI.
 * - `runPipecatCloud(args, { apiHost, configPath, caFile, env?, input?, timeoutMs? })`: runs
 *   `pipecat cloud <args>` with a scratch HOME, PIPECAT_API_HOST, PIPECAT_CONFIG_PATH = configPath,
 *   SSL_CERT_FILE = caFile, plain output, `env` applied last; resolves `{ code, stdout, stderr }`
 *   (ANSI-free) when it exits, and rejects only if it cannot start or times out.
 * - `startPipecatCloudLogin(options)`: `pipecat cloud auth login`, with the authorize URL to drive.
 * - `ensureLegacyPcc()` / `runLegacyPcc(args, options)`: the same for `pcc` of pipecatcloud 0.7.2,
 *   the last release that ships it.
 */
export { LEGACY_PCC_VERSION, PIPECAT_AI_CLI_VERSION, PIPECATCLOUD_VERSION } from './cli-releases.js';
export { ensureLegacyPcc, ensurePipecatCli } from './cli-install.js';
export {
  runCli,
  runLegacyPcc,
  runPipecatCloud,
  type CliCommand,
  type CliResult,
  type CliRunOptions,
} from './cli-run.js';
export { startPipecatCloudLogin, type CliLogin, type CliLoginOptions } from './cli-login.js';
