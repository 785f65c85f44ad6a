import { isOwnPage } from './own-pages.js';

export interface PermissionQuery {
  permission: string;
  requestingUrl: string | undefined;
  isMainFrame: boolean;
}

/**
 * Every web permission is refused, but one: writing plain text to the clipboard from the top
 * frame of our own page, which the account window's "Copy sign-in link" needs (Chromium asks for
 * `clipboard-sanitized-write` on `navigator.clipboard.writeText`). Reading the clipboard,
 * notifications, media, `openExternal` and the rest stay off.
 */
export function isPermissionGranted(query: PermissionQuery, pageUrls: readonly string[]): boolean {
  return (
    query.permission === 'clipboard-sanitized-write' &&
    query.isMainFrame &&
    isOwnPage(query.requestingUrl, pageUrls)
  );
}
