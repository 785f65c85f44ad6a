export { DEFAULT_API_HOST, normalizeApiHost } from './api-host.js';
export { defaultCredentialsPath, sandboxCredentialsPath } from './paths.js';
export { CredentialsStore, sameSession, type CredentialsStoreOptions } from './store.js';
export type { StoredCredentials } from './types.js';
