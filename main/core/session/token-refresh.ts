import * as oidc from 'openid-client';
import type { Provider } from '../discovery/discover.js';
import { displayText } from '../../shared/display-text.js';
import { tooLargeIn } from '../http/fetch.js';
import { tokenSetFrom, type TokenSet } from '../sign-in/exchange-code.js';

/** Why a refresh failed, as the refresher acts on it. */
export type RefreshFailureKind =
  /** The refresh token is dead (rotated by someone else, revoked, expired). */
  | 'invalid_grant'
  /** Network error, timeout or 5xx: try again later. */
  | 'transient'
  /** The token endpoint is gone (404) or answers nonsense: discover again. */
  | 'endpoint_changed'
  /** Any other refusal (e.g. invalid_client): retried only at the backoff's pace (up to 5 min apart). */
  | 'rejected';

export class RefreshFailure extends Error {
  override readonly name = 'RefreshFailure';
  constructor(
    readonly kind: RefreshFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** One `grant_type=refresh_token` request; rotation means the returned refresh token replaces ours. */
export async function refreshTokens(
  provider: Provider,
  refreshToken: string,
  nowMs: () => number,
): Promise<TokenSet> {
  try {
    const response = await oidc.refreshTokenGrant(provider.configuration, refreshToken);
    const tokens = tokenSetFrom(response, nowMs());
    // A provider that does not rotate sends none back: keep using the one we have, as the CLI does.
    return tokens.refreshToken ? tokens : { ...tokens, refreshToken };
  } catch (cause) {
    throw classifyRefreshError(cause);
  }
}

export function classifyRefreshError(cause: unknown): RefreshFailure {
  if (tooLargeIn(cause)) {
    return new RefreshFailure('transient', 'The identity provider sent an answer larger than 1 MiB.', {
      cause,
    });
  }
  if (cause instanceof oidc.ResponseBodyError) {
    if (cause.error === 'invalid_grant') {
      return new RefreshFailure('invalid_grant', 'The session was ended by the identity provider.', {
        cause,
      });
    }
    if (cause.status >= 500)
      return new RefreshFailure('transient', `The identity provider failed (HTTP ${cause.status}).`, {
        cause,
      });
    return new RefreshFailure(
      'rejected',
      `The identity provider refused the refresh (${displayText(cause.error.slice(0, 64))}).`,
      {
        cause,
      },
    );
  }
  if (cause instanceof oidc.ClientError && cause.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM') {
    const status = (cause.cause as Response | undefined)?.status;
    if (status === 404)
      return new RefreshFailure('endpoint_changed', 'The token endpoint is gone.', { cause });
    return new RefreshFailure('transient', `The identity provider answered HTTP ${status ?? '?'}.`, {
      cause,
    });
  }
  if (cause instanceof oidc.ClientError) {
    return new RefreshFailure('endpoint_changed', 'The token endpoint answered something unexpected.', {
      cause,
    });
  }
  return new RefreshFailure('transient', 'The identity provider could not be reached.', { cause });
}
