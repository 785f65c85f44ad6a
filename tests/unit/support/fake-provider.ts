/**
 * A fake identity provider for the refresher: the token endpoint (the `refresh` seam of
 * RefresherDependencies) and discovery (its `provider` cache), modelling rotation like the real
 * provider (docs/contract.md, "Refresh"):
 *
 * - every refresh token works once; success returns a new access token and a new refresh token;
 * - presenting a refresh token that was already used is a replay: `invalid_grant`, and the whole
 *   grant is revoked, so every token of it (access and refresh) dies at once;
 * - unknown or revoked tokens get `invalid_grant`;
 * - discovery hands out the current token endpoint; after `moveTokenEndpoint()` the old one
 *   answers 404, which the client sees as `endpoint_changed`;
 * - scripted failures for the next requests (`failNext`).
 *
 * Kept small on purpose: a year-long seeded simulation reuses it and asserts on `counters`.
 */
import * as oidc from 'openid-client';
import type { StoredCredentials } from '../../../main/core/credentials/index.js';
import type { Provider } from '../../../main/core/discovery/discover.js';
import { UserFacingError } from '../../../main/core/errors.js';
import type { Clock } from '../../../main/core/session/clock.js';
import { RefreshFailure } from '../../../main/core/session/token-refresh.js';
import type { TokenSet } from '../../../main/core/sign-in/exchange-code.js';

/**
 * What the next refresh request runs into, before the provider acts on it, except `lost_response`:
 * - `server_error`: HTTP 503 (transient), the token is not consumed;
 * - `network`: the request never arrived (transient), the token is not consumed;
 * - `lost_response`: the provider rotated the token but the answer was lost (transient for the
 *   client, whose refresh token is now used up: presenting it again is a replay);
 * - `not_found`: one 404 from the token endpoint (`endpoint_changed`), endpoint unchanged;
 * - `invalid_grant`: the grant was revoked server-side (signed out everywhere) just now;
 * - `rejected`: a refusal that is not about the grant (`invalid_client`).
 */
export type ScriptedFailure =
  'server_error' | 'network' | 'lost_response' | 'not_found' | 'invalid_grant' | 'rejected';

export type RequestResult = 'rotated' | 'replay' | 'invalid_grant' | ScriptedFailure | 'stale_endpoint';

export interface RefreshRequestLog {
  atMs: number;
  refreshToken: string;
  result: RequestResult;
}

interface Grant {
  id: number;
  revoked: boolean;
}

interface RefreshTokenRecord {
  grant: Grant;
  used: boolean;
}

interface AccessTokenRecord {
  grant: Grant;
  expiresAtMs: number;
}

export interface FakeProviderOptions {
  clock: Clock;
  /** `expires_in` of every access token issued (docs/contract.md: one day). */
  accessTokenLifetimeSeconds?: number;
  /** Time a refresh request spends on the wire, on the injected clock (0: answered at once). */
  latencyMs?: number;
}

export const FAKE_ISSUER = 'https://issuer.fake.example';
export const FAKE_CLIENT_ID = 'fake-client';

export class FakeProvider {
  accessTokenLifetimeSeconds: number;
  latencyMs: number;
  /** Runs while a refresh request is on the wire, before the provider acts on it. */
  onRequest: ((refreshToken: string) => void | Promise<void>) | undefined;
  readonly log: RefreshRequestLog[] = [];
  readonly counters = {
    /** Requests that reached the token endpoint (or tried to). */
    refreshRequests: 0,
    rotations: 0,
    /** A used refresh token presented again: each one revoked a grant. */
    replays: 0,
    grantsRevoked: 0,
    signIns: 0,
    discoveries: 0,
    forgets: 0,
  };

  private readonly clock: Clock;
  private readonly grants: Grant[] = [];
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly script: ScriptedFailure[] = [];
  private endpointGeneration = 1;
  private discoveryFailures = 0;
  private cached: Promise<Provider> | undefined;
  private serial = 0;

  constructor(options: FakeProviderOptions) {
    this.clock = options.clock;
    this.accessTokenLifetimeSeconds = options.accessTokenLifetimeSeconds ?? 86_400;
    this.latencyMs = options.latencyMs ?? 0;
  }

  /** A new grant, as `pcc auth login` gets one: the credentials it would write. */
  signIn(org?: string): StoredCredentials {
    this.counters.signIns += 1;
    const grant: Grant = { id: this.grants.length + 1, revoked: false };
    this.grants.push(grant);
    const tokens = this.issue(grant, this.clock.now());
    return {
      token: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      tokenExpiresAt: tokens.expiresAt,
      ...(org === undefined ? {} : { org }),
    };
  }

  /** The token endpoint: the Refresher's `refresh` seam (same signature as `refreshTokens`). */
  readonly refresh = async (
    provider: Provider,
    refreshToken: string,
    nowMs: () => number,
  ): Promise<TokenSet> => {
    this.counters.refreshRequests += 1;
    if (this.latencyMs > 0)
      await new Promise<void>((resolve) => this.clock.setTimeout(resolve, this.latencyMs));
    await this.onRequest?.(refreshToken);
    const record = (result: RequestResult): void => {
      this.log.push({ atMs: this.clock.now(), refreshToken, result });
    };

    if (provider.configuration.serverMetadata().token_endpoint !== this.tokenEndpoint()) {
      record('stale_endpoint');
      throw new RefreshFailure('endpoint_changed', 'The token endpoint is gone.');
    }
    const scripted = this.script.shift();
    switch (scripted) {
      case 'server_error':
        record(scripted);
        throw new RefreshFailure('transient', 'The identity provider failed (HTTP 503).');
      case 'network':
        record(scripted);
        throw new RefreshFailure('transient', 'The identity provider could not be reached.');
      case 'not_found':
        record(scripted);
        throw new RefreshFailure('endpoint_changed', 'The token endpoint is gone.');
      case 'rejected':
        record(scripted);
        throw new RefreshFailure('rejected', 'The identity provider refused the refresh (invalid_client).');
      case 'invalid_grant': {
        const grant = this.refreshTokens.get(refreshToken)?.grant;
        if (grant) this.revoke(grant);
        record(scripted);
        throw invalidGrant();
      }
      case 'lost_response':
      case undefined:
        break;
    }

    const token = this.refreshTokens.get(refreshToken);
    if (!token || token.grant.revoked) {
      record('invalid_grant');
      throw invalidGrant();
    }
    if (token.used) {
      this.counters.replays += 1;
      this.revoke(token.grant);
      record('replay');
      throw invalidGrant();
    }
    token.used = true;
    this.counters.rotations += 1;
    const tokens = this.issue(token.grant, nowMs());
    if (scripted === 'lost_response') {
      record(scripted);
      throw new RefreshFailure('transient', 'The identity provider could not be reached.');
    }
    record('rotated');
    return tokens;
  };

  /** Discovery, cached like ProviderCache: the Refresher's `provider` dependency. */
  readonly discovery = {
    get: (): Promise<Provider> => {
      this.cached ??= this.discover().catch((error: unknown) => {
        this.cached = undefined;
        throw error;
      });
      return this.cached;
    },
    forget: (): void => {
      this.counters.forgets += 1;
      this.cached = undefined;
    },
  };

  /** The next requests fail like this, in order (each failure is used once). */
  failNext(...failures: ScriptedFailure[]): void {
    this.script.push(...failures);
  }

  /** Drops the failures scripted and not yet used: the provider is healthy again. */
  clearFailures(): void {
    this.script.length = 0;
  }

  /** The next `count` discoveries fail (the API host is unreachable). */
  failDiscoveries(count: number): void {
    this.discoveryFailures += count;
  }

  /** The provider moves its token endpoint: the old URL answers 404 from now on. */
  moveTokenEndpoint(): void {
    this.endpointGeneration += 1;
  }

  /** The user signed out everywhere (or an admin revoked the session): every token of the grant dies. */
  revokeGrantOf(refreshToken: string): void {
    const grant = this.refreshTokens.get(refreshToken)?.grant;
    if (grant) this.revoke(grant);
  }

  /** Whether the API would accept this access token now. */
  isAccessTokenValid(accessToken: string): boolean {
    const record = this.accessTokens.get(accessToken);
    return !!record && !record.grant.revoked && this.clock.now() < record.expiresAtMs;
  }

  /** Whether this refresh token would rotate if presented now. */
  isRefreshTokenUsable(refreshToken: string): boolean {
    const record = this.refreshTokens.get(refreshToken);
    return !!record && !record.used && !record.grant.revoked;
  }

  /** Requests whose answer was `result`. */
  count(result: RequestResult): number {
    return this.log.filter((entry) => entry.result === result).length;
  }

  private tokenEndpoint(): string {
    return `${FAKE_ISSUER}/oauth/token/v${this.endpointGeneration}`;
  }

  private async discover(): Promise<Provider> {
    this.counters.discoveries += 1;
    if (this.discoveryFailures > 0) {
      this.discoveryFailures -= 1;
      throw new UserFacingError(
        'Could not read the sign-in settings from the API: is the API reachable?',
        'auth_config_unavailable',
      );
    }
    const configuration = new oidc.Configuration(
      { issuer: FAKE_ISSUER, token_endpoint: this.tokenEndpoint() },
      FAKE_CLIENT_ID,
    );
    return { authConfig: { issuer: FAKE_ISSUER, clientId: FAKE_CLIENT_ID, scopes: 'openid' }, configuration };
  }

  private issue(grant: Grant, nowMs: number): TokenSet {
    this.serial += 1;
    const accessToken = `fake_at_${grant.id}_${this.serial}`;
    const refreshToken = `fake_rt_${grant.id}_${this.serial}`;
    const expiresAt = nowMs / 1000 + this.accessTokenLifetimeSeconds;
    this.accessTokens.set(accessToken, { grant, expiresAtMs: expiresAt * 1000 });
    this.refreshTokens.set(refreshToken, { grant, used: false });
    return { accessToken, refreshToken, expiresAt };
  }

  private revoke(grant: Grant): void {
    if (grant.revoked) return;
    grant.revoked = true;
    this.counters.grantsRevoked += 1;
  }
}

function invalidGrant(): RefreshFailure {
  return new RefreshFailure('invalid_grant', 'The session was ended by the identity provider.');
}
