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
