import { classifyCallbackRequest, type CallbackClassification } from './classify-request.js';
import { MAX_REQUEST_TARGET_LENGTH } from './constants.js';

/** What a pasted text is: anything the loopback server could make of it, or no URL at all. */
export type PasteClassification = CallbackClassification | { kind: 'not_a_url' };

/** Room for the scheme and host in front of the request target the server would have seen. */
const MAX_PASTE_LENGTH = MAX_REQUEST_TARGET_LENGTH + 64;

/**
 * The address a browser on another machine ended on, pasted back by the user. Only
 * `http://127.0.0.1:<port>/oauth_callback?…` passes, and it passes through the loopback server's
 * own classifier as the GET that browser would have sent: the same routing, then `state` in
 * constant time before anything else in the query.
 */
export function classifyPastedCallback(
  text: string,
  expected: { port: number; state: string },
): PasteClassification {
  const trimmed = text.trim();
  if (trimmed.length > MAX_PASTE_LENGTH) return { kind: 'too_long' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { kind: 'not_a_url' };
  }
  if (url.protocol !== 'http:' || url.username !== '' || url.password !== '') return { kind: 'not_found' };
  return classifyCallbackRequest(
    { method: 'GET', target: `${url.pathname}${url.search}`, host: url.host },
    expected,
  );
}
