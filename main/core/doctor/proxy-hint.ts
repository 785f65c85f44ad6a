const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] as const;

/**
 * A sentence about the proxy environment for a "cannot reach" verdict. Only the proxy's host is
 * named: a proxy URL may carry a user name and password.
 */
export function proxyHint(env: NodeJS.ProcessEnv): string {
  const set = PROXY_VARIABLES.filter((name) => env[name]);
  if (set.length === 0) {
    return 'No HTTPS_PROXY or HTTP_PROXY is set: if your network needs a proxy, set HTTPS_PROXY, otherwise check the network and the API address.';
  }
  const first = set[0] ?? '';
  let host = 'an unparseable URL';
  try {
    host = new URL(env[first] ?? '').host || host;
  } catch {
    // keep the placeholder
  }
  return `${set.join(' and ')} ${set.length > 1 ? 'are' : 'is'} set (${first} points at ${host}): check that this proxy is up and lets you through, or unset it if you do not need it.`;
}
