/**
 * Runs the real Pipecat Cloud CLI (`pipecatcloud` 1.4.0) in tests. What it does on the wire and
 * prints is written down in docs/pcc-cli-wire-behaviour.md.
 */
export { PCC_VERSION, ensurePcc } from './pcc-install.js';
export { runPcc, type PccResult, type PccRunOptions } from './pcc-run.js';
export { startPccLogin, type PccLogin, type PccLoginOptions } from './pcc-login.js';
