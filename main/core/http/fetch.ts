import { UserFacingError } from '../errors.js';
import { USER_AGENT } from '../version.js';

/** The subset of the Fetch API the core needs; shells inject Node's fetch or Electron's `net.fetch`. */
export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * Wraps a fetch so every request says it is us. It overrides any agent already set, because
 * openid-client sets its own and the contract wants the app's name on every request.
 */
export function withUserAgent(fetchImpl: Fetch, userAgent: string = USER_AGENT): Fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('user-agent', userAgent);
    return fetchImpl(input, { ...init, headers });
  };
}

/** No answer the app reads (/auth/config, discovery, tokens, /v1/*) comes anywhere near this. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/** An answer went past MAX_RESPONSE_BYTES: reading stopped there and the request was aborted. */
export class ResponseTooLargeError extends UserFacingError {
  constructor(readonly origin: string) {
    super(
      `${origin} sent an answer larger than 1 MiB, far more than any real one; it was not read.`,
      'response_too_large',
    );
  }
}

/** The ResponseTooLargeError behind `error` (openid-client wraps it), if that is what it was. */
export function tooLargeIn(error: unknown): ResponseTooLargeError | undefined {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 8; depth += 1) {
    if (cause instanceof ResponseTooLargeError) return cause;
    cause = cause.cause;
  }
  return undefined;
}

/**
 * Wraps a fetch so no answer's body is read past `maxBytes` (after decompression): the bytes are
 * counted as they stream, and one too many aborts the request and fails the read with a
 * ResponseTooLargeError. An endless body then costs 1 MiB, not the process's memory until a timeout.
 */
export function limitResponseBody(fetchImpl: Fetch, maxBytes: number = MAX_RESPONSE_BYTES): Fetch {
  return async (input, init) => {
    const abort = new AbortController();
    const signal = init?.signal ? AbortSignal.any([init.signal, abort.signal]) : abort.signal;
    const response = await fetchImpl(input, { ...init, signal });
    if (!response.body) return response;
    const origin = new URL(input instanceof Request ? input.url : input).origin;
    let seen = 0;
    const counted = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          seen += chunk.byteLength;
          if (seen <= maxBytes) return controller.enqueue(chunk);
          abort.abort();
          controller.error(new ResponseTooLargeError(origin));
        },
      }),
    );
    const limited = new Response(counted, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    // Same answer, same address (a constructed Response has none; openid-client may read it).
    Object.defineProperty(limited, 'url', { value: response.url });
    return limited;
  };
}
