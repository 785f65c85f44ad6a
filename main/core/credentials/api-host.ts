import { UserFacingError } from '../errors.js';

/** The CLI's default API host (`pipecatcloud/config.py`, `_SETTINGS["api_host"]`). */
export const DEFAULT_API_HOST = 'https://api.pipecat.daily.co';

/**
 * The canonical form of an API host, used as the `[environments."<host>"]` key: scheme and host
 * lower-cased, default port and trailing slashes dropped (`https://API.example.com:443/` becomes
 * `https://api.example.com`). Throws a UserFacingError for anything that is not a plain http(s) URL.
 */
export function normalizeApiHost(host: string): string {
  const normalized = tryNormalizeApiHost(host);
  if (normalized === undefined) {
    throw new UserFacingError(
      `The API host "${host}" is not a plain http(s) URL such as ${DEFAULT_API_HOST}.`,
      'api_host_invalid',
    );
  }
  return normalized;
}

/** Like normalizeApiHost, but undefined instead of an error (for keys found in the file). */
export function tryNormalizeApiHost(host: string): string | undefined {
  let url: URL;
  try {
    url = new URL(host.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  // The CLI appends paths to the host verbatim, so a query, fragment or user-info cannot work.
  if (url.search || url.hash || url.username || url.password) return undefined;
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}
