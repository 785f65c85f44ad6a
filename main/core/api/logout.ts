import type { Fetch } from '../http/fetch.js';
import { apiUrl } from '../http/api-url.js';

/** docs/contract.md, "Account endpoints": the CLI waits 10 s for `/auth/logout`. */
export const LOGOUT_TIMEOUT_MS = 10_000;

/** What `POST /auth/logout` told us; the caller removes the local credentials whatever it says. */
export type LogoutOutcome =
  | { kind: 'revoked'; status: number }
  /** 503: the revocation service is down; nothing was revoked, the session lives on. */
  | { kind: 'service_down'; status: number }
  /** No answer at all: a network error, or nothing within the timeout. */
  | { kind: 'unreachable'; reason: 'network' | 'timeout' }
  | { kind: 'not_confirmed'; status: number };

function logoutOutcomeOf(status: number): LogoutOutcome {
  if (status >= 200 && status < 300) return { kind: 'revoked', status };
  if (status === 503) return { kind: 'service_down', status };
  return { kind: 'not_confirmed', status };
}

export interface LogoutRequest {
  apiHost: string;
  fetch: Fetch;
  accessToken: string;
  refreshToken: string;
  timeoutMs: number;
}

/** Revokes an OAuth session server-side. Never throws: every failure is an outcome. */
export async function requestLogout(request: LogoutRequest): Promise<LogoutOutcome> {
  const signal = AbortSignal.timeout(request.timeoutMs);
  let response: Response;
  try {
    response = await request.fetch(apiUrl(request.apiHost, '/auth/logout'), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${request.accessToken}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({ refresh_token: request.refreshToken }),
      // A redirect would carry the refresh token somewhere we did not choose: it is an answer, not a hop.
      redirect: 'manual',
      signal,
    });
  } catch {
    return { kind: 'unreachable', reason: signal.aborted ? 'timeout' : 'network' };
  }
  // Only the status matters; release the connection.
  await response.body?.cancel().catch(() => undefined);
  return logoutOutcomeOf(response.status);
}
