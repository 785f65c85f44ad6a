/** The one registered client, like the `oauth` application the real provider has for the CLI. */
export const DEFAULT_CLIENT_ID = 'pipecat-tray-sandbox';

export const SCOPES = 'openid email profile offline_access';

/** The device authorization grant (RFC 8628), which the client may also use: `login --device`. */
export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

export const REDIRECT_URIS: readonly string[] = [8400, 8401, 8402, 8403, 8404].map(
  (port) => `http://127.0.0.1:${port}/oauth_callback`,
);

/** oidc-provider is mounted here; the issuer is `{apiHost}{ISSUER_PATH}`. */
export const ISSUER_PATH = '/oidc';
