import type { Fetch } from '../../core/http/fetch.js';

/** Electron's `net.fetch` (or a session's `fetch`): a string or a Request, not a URL object. */
export type NetFetch = (input: string | Request, init?: RequestInit) => Promise<Response>;

/**
 * The core's fetch over Chromium's network stack: the system proxy settings (PAC, WPAD) and the
 * OS trust store, which Node's fetch knows nothing about, so a corporate proxy or TLS-inspecting
 * CA works the way it does in the user's browser.
 */
export function chromiumFetch(netFetch: NetFetch): Fetch {
  return (input, init) => netFetch(input instanceof URL ? input.href : input, init);
}
