import { timingSafeEqual } from 'node:crypto';
import { CALLBACK_PATH, LOOPBACK_HOST, MAX_REQUEST_TARGET_LENGTH, RESULT_PATH } from './constants.js';

export interface IncomingCallbackRequest {
  method: string | undefined;
  /** The request target as sent: path and query. */
  target: string | undefined;
  host: string | undefined;
}

/** What the loopback server makes of one request. Only `code` and `provider_error` end the wait. */
export type CallbackClassification =
  | { kind: 'not_found' }
  | { kind: 'method_not_allowed' }
  | { kind: 'too_long' }
  | { kind: 'result_page' }
  | { kind: 'state_mismatch' }
  | { kind: 'missing_code' }
  | { kind: 'code'; code: string; query: URLSearchParams }
  | { kind: 'provider_error'; error: string; description: string | undefined };

function statesMatch(received: string, expected: string): boolean {
  const a = Buffer.from(received, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Routing first (host, path, method, size), then `state` before anything else in the query:
 * a request with the wrong state never gets to say whether it carries a code or an error.
 */
export function classifyCallbackRequest(
  request: IncomingCallbackRequest,
  expected: { port: number; state: string },
): CallbackClassification {
  const target = request.target ?? '';
  if (target.length > MAX_REQUEST_TARGET_LENGTH) return { kind: 'too_long' };
  if (request.host !== `${LOOPBACK_HOST}:${expected.port}`) return { kind: 'not_found' };
  let url: URL;
  try {
    url = new URL(target, `http://${LOOPBACK_HOST}:${expected.port}`);
  } catch {
    return { kind: 'not_found' };
  }
  if (url.pathname !== CALLBACK_PATH && url.pathname !== RESULT_PATH) return { kind: 'not_found' };
  if (request.method !== 'GET') return { kind: 'method_not_allowed' };
  if (url.pathname === RESULT_PATH) return { kind: 'result_page' };

  const query = url.searchParams;
  const states = query.getAll('state');
  if (states.length !== 1 || !statesMatch(states[0] ?? '', expected.state)) return { kind: 'state_mismatch' };
  const error = query.get('error');
  if (error)
    return { kind: 'provider_error', error, description: query.get('error_description') ?? undefined };
  const codes = query.getAll('code');
  if (codes.length !== 1 || !codes[0]) return { kind: 'missing_code' };
  return { kind: 'code', code: codes[0], query };
}
