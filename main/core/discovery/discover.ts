import * as oidc from 'openid-client';
import { displayText } from '../../shared/display-text.js';
import { UserFacingError } from '../errors.js';
import { limitResponseBody, tooLargeIn, type Fetch } from '../http/fetch.js';
import { isAllowedEndpoint } from '../http/loopback-host.js';
import { fetchAuthConfig, type AuthConfig } from './auth-config.js';
import { findMetadataProblem } from './validate-metadata.js';

export interface DiscoveryOptions {
  apiHost: string;
  fetch: Fetch;
  /** Development only: accept http:// for loopback hosts (a local identity server). */
  allowInsecureLoopback?: boolean;
  timeoutMs?: number;
}

/** The identity provider, as discovered and validated: everything sign-in and refresh need. */
export interface Provider {
  authConfig: AuthConfig;
  configuration: oidc.Configuration;
}

const DEFAULT_TIMEOUT_MS = 15_000;

export function assertAllowedApiHost(apiHost: string, allowInsecureLoopback: boolean): void {
  let url: URL;
  try {
    url = new URL(apiHost);
  } catch {
    throw new UserFacingError(`The API host ${JSON.stringify(apiHost)} is not a URL.`, 'api_host_invalid');
  }
  if (!isAllowedEndpoint(url, allowInsecureLoopback)) {
    throw new UserFacingError(`The API host ${apiHost} must use https.`, 'api_host_insecure');
  }
}

/** `/auth/config`, then OIDC discovery through openid-client, then the contract's own checks. */
export async function discoverProvider(options: DiscoveryOptions): Promise<Provider> {
  const allowInsecure = options.allowInsecureLoopback ?? false;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  assertAllowedApiHost(options.apiHost, allowInsecure);
  const authConfig = await fetchAuthConfig(options.apiHost, options.fetch, timeoutMs);
  const problem = (why: string, cause?: unknown): UserFacingError =>
    new UserFacingError(
      `The identity provider ${displayText(authConfig.issuer.slice(0, 200))} cannot be used for sign-in: ${why}.`,
      'discovery_invalid',
      { cause },
    );

  let issuerUrl: URL;
  try {
    issuerUrl = new URL(authConfig.issuer);
  } catch (cause) {
    throw problem('its issuer is not a URL', cause);
  }
  if (!isAllowedEndpoint(issuerUrl, allowInsecure)) throw problem('its issuer is not https');

  let configuration: oidc.Configuration;
  try {
    configuration = await oidc.discovery(issuerUrl, authConfig.clientId, undefined, oidc.None(), {
      // Kept by the configuration for every later request too: the token endpoint is capped as well.
      [oidc.customFetch]: limitResponseBody(options.fetch),
      timeout: Math.ceil(timeoutMs / 1000),
      execute: allowInsecure ? [oidc.allowInsecureRequests] : [],
    });
  } catch (cause) {
    throw problem(describeDiscoveryFailure(cause), cause);
  }
  const metadataProblem = findMetadataProblem(
    configuration.serverMetadata(),
    authConfig.issuer,
    allowInsecure,
  );
  if (metadataProblem) throw problem(metadataProblem);
  return { authConfig, configuration };
}

function describeDiscoveryFailure(error: unknown): string {
  if (tooLargeIn(error)) return 'its discovery document is larger than 1 MiB';
  if (error instanceof oidc.ClientError) {
    switch (error.code) {
      case 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED':
        return 'its discovery document names a different issuer';
      case 'OAUTH_RESPONSE_IS_NOT_CONFORM':
        return 'its discovery document could not be fetched (unexpected HTTP status)';
      case 'OAUTH_RESPONSE_IS_NOT_JSON':
      case 'OAUTH_PARSE_ERROR':
      case 'OAUTH_INVALID_RESPONSE':
        return 'its discovery document is not valid JSON metadata';
      case 'OAUTH_HTTP_REQUEST_FORBIDDEN':
        return 'it is not served over https';
    }
  }
  return 'its discovery document could not be fetched (is the provider reachable?)';
}
