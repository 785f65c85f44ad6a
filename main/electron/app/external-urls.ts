import { isLoopbackHost } from '../../core/http/loopback-host.js';

/**
 * Pages the app may hand to the system browser from a window or the menu (the dashboard): https
 * only, and only on hosts the app knows. A renderer never chooses where the browser goes.
 */
export function isAllowedExternalUrl(url: string, knownHosts: readonly string[]): boolean {
  const parsed = parse(url);
  if (!parsed || parsed.protocol !== 'https:' || parsed.username || parsed.password) return false;
  const host = parsed.hostname.toLowerCase();
  return knownHosts.some((known) => known.toLowerCase() === host);
}

/**
 * The identity provider's authorize URL, which the core builds from discovery: https, or plain
 * http on a loopback host when the run allows it (the sandbox, a development build).
 */
export function isAllowedBrowserUrl(url: string, options: { allowHttpLoopback: boolean }): boolean {
  const parsed = parse(url);
  if (!parsed || parsed.username || parsed.password) return false;
  if (parsed.protocol === 'https:') return true;
  return parsed.protocol === 'http:' && options.allowHttpLoopback && isLoopbackHost(parsed.hostname);
}

/** The host names of https origins such as `https://pipecat.daily.co`, for `isAllowedExternalUrl`. */
export function hostNamesOf(origins: readonly string[]): string[] {
  return origins.flatMap((origin) => {
    const parsed = parse(origin);
    return parsed?.protocol === 'https:' ? [parsed.hostname.toLowerCase()] : [];
  });
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
