/** Registered with the provider: no other port works (docs/contract.md). */
export const LOOPBACK_PORTS: readonly number[] = [8400, 8401, 8402, 8403, 8404];
export const LOOPBACK_HOST = '127.0.0.1';
export const CALLBACK_PATH = '/oauth_callback';
/** Where the browser lands after the code was read, so the code leaves the address bar and history. */
export const RESULT_PATH = '/oauth_callback/result';
/** Callback URLs are short; anything longer is not from the provider. */
export const MAX_REQUEST_TARGET_LENGTH = 8 * 1024;

export function redirectUriFor(port: number): string {
  return `http://${LOOPBACK_HOST}:${port}${CALLBACK_PATH}`;
}
