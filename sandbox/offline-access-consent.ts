/**
 * oidc-provider drops `offline_access` (so issues no refresh token) unless the authorization
 * request carries `prompt=consent`. The real provider issues refresh tokens for the app's plain
 * request, which must not send `prompt`, so the sandbox adds it on the server side.
 *
 * Returns the rewritten query, or `undefined` when the request needs no change. `prompt=none`
 * is left alone: it cannot be combined with consent.
 */
export function withConsentForOfflineAccess(query: URLSearchParams): URLSearchParams | undefined {
  const scopes = (query.get('scope') ?? '').split(' ');
  if (!scopes.includes('offline_access')) return undefined;
  const prompts = (query.get('prompt') ?? '').split(' ').filter((prompt) => prompt !== '');
  if (prompts.includes('consent') || prompts.includes('none')) return undefined;
  const rewritten = new URLSearchParams(query);
  rewritten.set('prompt', [...prompts, 'consent'].join(' '));
  return rewritten;
}
