/**
 * Whether `url` is one of the app's own pages: same scheme, host and path; query and fragment are
 * the page's business. Mirrors the page check of `isTrustedSender` for the places (permissions)
 * that have a URL but no IPC event.
 */
export function isOwnPage(url: string | undefined, pageUrls: readonly string[]): boolean {
  const page = pageOf(url);
  return page !== undefined && pageUrls.some((own) => pageOf(own) === page);
}

function pageOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) return undefined;
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return undefined;
  }
}
