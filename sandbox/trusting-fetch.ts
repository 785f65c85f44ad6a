import { Agent, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';
import type { Fetch } from '../main/core/http/fetch.js';

/**
 * A fetch that trusts exactly one extra CA: the local sandbox's. Only `--sandbox` uses it; every
 * other connection goes through the platform's trust store.
 */
export function fetchTrustingCa(caPem: string): Fetch {
  const dispatcher = new Agent({ connect: { ca: caPem } });
  return async (input, init) => {
    const url = input instanceof Request ? input.url : input;
    const response = await undiciFetch(url, { ...(init as UndiciRequestInit), dispatcher });
    return response as unknown as Response;
  };
}
