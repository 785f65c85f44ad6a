import { isObject, stringField } from '../api/json-shape.js';
import { UserFacingError } from '../errors.js';
import { limitResponseBody, ResponseTooLargeError, type Fetch } from '../http/fetch.js';
import { apiUrl } from '../http/api-url.js';

/** What `GET {api}/auth/config` tells us about the identity provider. */
export interface AuthConfig {
  issuer: string;
  clientId: string;
  /** Space-separated, passed to the provider as is. */
  scopes: string;
}

export async function fetchAuthConfig(
  apiHost: string,
  fetchImpl: Fetch,
  timeoutMs: number,
): Promise<AuthConfig> {
  const unreachable = (cause?: unknown): UserFacingError =>
    new UserFacingError(
      `Could not read the sign-in settings from ${apiHost}/auth/config: is the API reachable?`,
      'auth_config_unavailable',
      { cause },
    );
  let response: Response;
  try {
    response = await limitResponseBody(fetchImpl)(apiUrl(apiHost, '/auth/config'), {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    throw unreachable(cause);
  }
  if (response.status !== 200) throw unreachable();
  let body: unknown;
  try {
    body = await response.json();
  } catch (cause) {
    if (cause instanceof ResponseTooLargeError) throw cause;
    throw unreachable(cause);
  }
  const issuer = isObject(body) ? stringField(body, 'issuer') : undefined;
  const clientId = isObject(body) ? stringField(body, 'client_id') : undefined;
  const scopes = isObject(body) ? stringField(body, 'scopes') : undefined;
  if (!issuer || !clientId || scopes === undefined) {
    throw new UserFacingError(
      `The sign-in settings from ${apiHost}/auth/config are incomplete (issuer, client_id and scopes are required).`,
      'auth_config_invalid',
    );
  }
  return { issuer, clientId, scopes };
}
