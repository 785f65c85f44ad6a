import * as oidc from 'openid-client';
import type { Provider } from '../discovery/discover.js';
import { UserFacingError } from '../errors.js';
import { isAllowedEndpoint } from '../http/loopback-host.js';

export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

/** What the user is shown: where to go and which code to enter there. Never the device code. */
export interface DevicePrompt {
  verificationUri: string;
  userCode: string;
  /** The same page with the code filled in, when the provider gives one. */
  verificationUriComplete?: string;
  expiresInSeconds: number;
}

export interface DeviceAuthorization extends DevicePrompt {
  /** The secret the poll presents; it never leaves the process. */
  deviceCode: string;
  /** The provider's polling interval, when it gives one. */
  intervalSeconds?: number;
}

/** One answer of the token endpoint to a poll. */
export type DevicePollAnswer =
  | { kind: 'tokens'; response: { access_token: string; refresh_token?: string; expires_in?: number } }
  | { kind: 'error'; error: string }
  /** No OAuth answer at all (the network, a 5xx): worth asking again. */
  | { kind: 'unreachable' };

/** Whether the provider's discovery document offers the device authorization grant (RFC 8628). */
export function supportsDeviceFlow(provider: Provider): boolean {
  return provider.configuration.serverMetadata().device_authorization_endpoint !== undefined;
}

/** Starts a device authorization with the scopes `/auth/config` gives, as the browser sign-in does. */
export async function startDeviceAuthorization(
  provider: Provider,
  allowInsecureLoopback: boolean,
): Promise<DeviceAuthorization> {
  assertDeviceEndpoint(provider, allowInsecureLoopback);
  let response: oidc.DeviceAuthorizationResponse;
  try {
    response = await oidc.initiateDeviceAuthorization(provider.configuration, {
      scope: provider.authConfig.scopes,
    });
  } catch (cause) {
    throw startError(cause);
  }
  return {
    deviceCode: response.device_code,
    userCode: response.user_code,
    verificationUri: response.verification_uri,
    ...(response.verification_uri_complete
      ? { verificationUriComplete: response.verification_uri_complete }
      : {}),
    expiresInSeconds: response.expires_in,
    ...(response.interval === undefined ? {} : { intervalSeconds: response.interval }),
  };
}

/** One poll of the token endpoint with the device code. */
export async function requestDeviceToken(provider: Provider, deviceCode: string): Promise<DevicePollAnswer> {
  try {
    const response = await oidc.genericGrantRequest(provider.configuration, DEVICE_CODE_GRANT_TYPE, {
      device_code: deviceCode,
    });
    return { kind: 'tokens', response };
  } catch (error) {
    if (error instanceof oidc.ResponseBodyError) return { kind: 'error', error: error.error };
    if (error instanceof oidc.WWWAuthenticateChallengeError)
      return { kind: 'error', error: 'invalid_client' };
    return { kind: 'unreachable' };
  }
}

function assertDeviceEndpoint(provider: Provider, allowInsecureLoopback: boolean): void {
  const endpoint = provider.configuration.serverMetadata().device_authorization_endpoint;
  if (endpoint === undefined) {
    throw new UserFacingError(
      `The identity provider ${provider.authConfig.issuer} does not offer sign-in with a code (it advertises no device_authorization_endpoint): run pipecat-tray login --no-browser instead and paste back the address your browser ends on.`,
      'device_flow_unsupported',
    );
  }
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (!url || !isAllowedEndpoint(url, allowInsecureLoopback)) {
    throw new UserFacingError(
      `The identity provider ${provider.authConfig.issuer} cannot be used for sign-in with a code: its device_authorization_endpoint is not an https URL.`,
      'discovery_invalid',
    );
  }
}

function startError(cause: unknown): UserFacingError {
  if (cause instanceof oidc.ResponseBodyError) {
    return new UserFacingError(
      `The identity provider refused to start a sign-in with a code (${cause.error.slice(0, 64)}, HTTP ${cause.status}).`,
      'device_authorization_refused',
      { cause },
    );
  }
  return new UserFacingError(
    'The identity provider did not answer the request to start a sign-in with a code as expected; please try again.',
    'device_authorization_failed',
    { cause },
  );
}
