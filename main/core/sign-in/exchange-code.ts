import * as oidc from 'openid-client';
import type { Provider } from '../discovery/discover.js';
import { displayText } from '../../shared/display-text.js';
import { UserFacingError } from '../errors.js';
import { tooLargeIn } from '../http/fetch.js';

/** docs/contract.md: a token response without expires_in means one day. */
const DEFAULT_EXPIRES_IN_SECONDS = 86_400;

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  /** Epoch seconds, a float, as the CLI writes it (`time.time() + expires_in`). */
  expiresAt: number;
}

export function tokenSetFrom(
  response: { access_token: string; refresh_token?: string; expires_in?: number },
  nowMs: number,
): TokenSet {
  const expiresIn =
    typeof response.expires_in === 'number' && response.expires_in > 0
      ? response.expires_in
      : DEFAULT_EXPIRES_IN_SECONDS;
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token ?? '',
    expiresAt: nowMs / 1000 + expiresIn,
  };
}

export async function exchangeCode(
  provider: Provider,
  callbackUrl: URL,
  checks: { codeVerifier: string; state: string },
  nowMs: () => number,
): Promise<TokenSet> {
  try {
    const response = await oidc.authorizationCodeGrant(provider.configuration, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
    });
    return tokenSetFrom(response, nowMs());
  } catch (cause) {
    throw exchangeError(cause);
  }
}

function exchangeError(cause: unknown): UserFacingError {
  if (tooLargeIn(cause)) {
    return new UserFacingError(
      'The identity provider sent an answer larger than 1 MiB instead of a token; please sign in again later.',
      'exchange_failed',
      { cause },
    );
  }
  if (cause instanceof oidc.ResponseBodyError) {
    return new UserFacingError(
      `The identity provider refused to exchange the sign-in code (${displayText(cause.error.slice(0, 64))}, HTTP ${cause.status}); please sign in again.`,
      'exchange_refused',
      { cause },
    );
  }
  if (cause instanceof oidc.ClientError && cause.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM') {
    return new UserFacingError(
      'The identity provider failed while exchanging the sign-in code; please try again in a moment.',
      'exchange_failed',
      { cause },
    );
  }
  return new UserFacingError(
    'The sign-in code could not be exchanged for a token (the identity provider did not answer as expected); please try again.',
    'exchange_failed',
    { cause },
  );
}
