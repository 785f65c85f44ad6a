import { UserFacingError } from '../errors.js';
import { apiUrl } from '../http/api-url.js';
import { limitResponseBody, ResponseTooLargeError, type Fetch } from '../http/fetch.js';
import { LOGOUT_TIMEOUT_MS, requestLogout, type LogoutOutcome } from './logout.js';
import { parseOrganizations, parseUser } from './parse.js';
import type { Organization, PipecatUser } from './types.js';

/**
 * The one timeout of every account request (logout has its own, LOGOUT_TIMEOUT_MS): each is one
 * small JSON answer, so an API that has not answered in 10 s is reported as unreachable.
 */
const API_TIMEOUT_MS = 10_000;

/** The account endpoints of docs/contract.md. Bearer is an OAuth access token or a personal access token. */
export class PipecatApi {
  /** A host's account API, as every shell and the core build it: the one place, one timeout policy. */
  static create(apiHost: string, fetch: Fetch): PipecatApi {
    return new PipecatApi(apiHost, fetch, API_TIMEOUT_MS);
  }

  private readonly fetch: Fetch;

  private constructor(
    private readonly apiHost: string,
    fetch: Fetch,
    private readonly timeoutMs: number,
  ) {
    this.fetch = limitResponseBody(fetch);
  }

  async getUser(token: string): Promise<PipecatUser> {
    const user = parseUser(await this.getJson('/v1/users', token));
    if (!user) throw this.malformed('/v1/users');
    return user;
  }

  async getOrganizations(token: string): Promise<Organization[]> {
    const orgs = parseOrganizations(await this.getJson('/v1/organizations', token));
    if (!orgs) throw this.malformed('/v1/organizations');
    return orgs;
  }

  /**
   * `POST /auth/logout` for an OAuth session (never a personal access token). Resolves with what
   * the server said, or `unreachable`; it never throws, because sign-out goes on whatever happens.
   */
  logout(accessToken: string, refreshToken: string, timeoutMs = LOGOUT_TIMEOUT_MS): Promise<LogoutOutcome> {
    return requestLogout({ apiHost: this.apiHost, fetch: this.fetch, accessToken, refreshToken, timeoutMs });
  }

  private async getJson(path: `/${string}`, token: string): Promise<unknown> {
    const response = await this.request(path, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    });
    if (response.status === 401 || response.status === 403) {
      throw new UserFacingError(
        'Pipecat Cloud did not accept the token: it is invalid, expired or revoked.',
        'token_rejected',
      );
    }
    if (!response.ok) {
      throw new UserFacingError(
        `Pipecat Cloud answered ${response.status} for ${path}; try again in a moment.`,
        'api_error',
      );
    }
    try {
      return await response.json();
    } catch (error) {
      if (error instanceof ResponseTooLargeError) throw error;
      throw this.malformed(path);
    }
  }

  private async request(path: `/${string}`, init: RequestInit): Promise<Response> {
    const url = apiUrl(this.apiHost, path);
    try {
      return await this.fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (cause) {
      throw new UserFacingError(
        `Could not reach Pipecat Cloud at ${this.apiHost}: is the API reachable from this machine?`,
        'api_unreachable',
        { cause },
      );
    }
  }

  private malformed(path: string): UserFacingError {
    return new UserFacingError(`Pipecat Cloud sent an unexpected answer for ${path}.`, 'api_malformed');
  }
}
