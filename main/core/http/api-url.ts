/**
 * An endpoint of the API host, joined as the CLI joins them (`f"{api_host}{path}"`), so a host
 * with a path prefix (`https://gateway.example/pipecat`) keeps it; `new URL(path, host)` would
 * drop it.
 */
export function apiUrl(apiHost: string, path: `/${string}`): URL {
  return new URL(`${apiHost.replace(/\/+$/, '')}${path}`);
}
