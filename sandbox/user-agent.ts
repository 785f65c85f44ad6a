/** `Name/version`, as the CLI sends (`PipecatCloudCLI/0.6.1`); more product tokens may follow. */
const NAME_SLASH_VERSION = /^[A-Za-z][A-Za-z0-9._-]*\/[A-Za-z0-9][^\s/]*(?:\s.*)?$/;

/** HTTP libraries' own agents, which the CDN in front of the real API may block. */
const LIBRARY_DEFAULTS = [/^Python-urllib\//i, /^python-requests\//i, /^Python\/[\d.]+ aiohttp\//i];

export function isAcceptedUserAgent(userAgent: string | undefined, blockLibraryDefaults: boolean): boolean {
  if (!userAgent || !NAME_SLASH_VERSION.test(userAgent)) return false;
  return !blockLibraryDefaults || !LIBRARY_DEFAULTS.some((pattern) => pattern.test(userAgent));
}
