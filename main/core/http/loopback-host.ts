/** True for hosts that can only reach this machine; plain http is tolerated there in development. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Refuses a URL that is not https, except http on a loopback host when the caller explicitly
 * allowed it (a local identity server during development).
 */
export function isAllowedEndpoint(url: URL, allowInsecureLoopback: boolean): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && allowInsecureLoopback && isLoopbackHost(url.hostname);
}
