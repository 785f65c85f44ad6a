import { performance } from 'node:perf_hooks';
import type { Fetch } from '../main/core/http/fetch.js';

/** A fetch that adds up the time its requests took (headers and body), to split a refresh's time. */
export interface TimedFetch {
  fetch: Fetch;
  /** Milliseconds spent in requests so far. */
  readonly totalMs: number;
}

export function timedFetch(inner: Fetch): TimedFetch {
  let totalMs = 0;
  return {
    fetch: async (input, init) => {
      const start = performance.now();
      const response = await inner(input, init);
      // Reading a copy of the body counts the whole exchange; the caller still gets the original.
      await response.clone().arrayBuffer();
      totalMs += performance.now() - start;
      return response;
    },
    get totalMs() {
      return totalMs;
    },
  };
}
