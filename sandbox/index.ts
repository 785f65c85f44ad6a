export { startSandbox } from './sandbox.js';
export { completeLoginOverHttp, type HttpLoginOptions } from './http-login.js';
export { readRunningSandbox, sandboxStatePath, type SandboxState } from './state-file.js';
export { DEFAULT_ACCOUNT } from './accounts.js';
export { PAT_PREFIX } from './pats.js';
export type * from './types.js';
