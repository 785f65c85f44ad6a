export { checkCredentialsFile } from './credentials-file.js';
export { checkBrowserOpener, checkEnvironmentToken, isExecutable } from './environment.js';
export { formatDoctor } from './format.js';
export { checkNetwork } from './network.js';
export { findPortOwners } from './port-owners.js';
export { checkPorts, probeLoopbackPort } from './ports.js';
export { checkRemoteSession, signInMethodCheck } from './remote-session.js';
export { checkTraySupport, type RunCommand } from './tray-support.js';
export { doctorExitCode, runChecks, type CheckResult, type Verdict } from './types.js';
