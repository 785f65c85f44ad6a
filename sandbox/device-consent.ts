import type { Grant, KoaContextWithOIDC } from 'oidc-provider';

const DEVICE_ROUTES = new Set(['code_verification', 'device_resume']);

/**
 * oidc-provider's `loadExistingGrant`, changed for the device flow only: a grant the browser's
 * session remembers from an earlier sign-in is not reused, so every device sign-in asks for
 * consent and gets a grant of its own, as every code-flow sign-in does (the code flow gets
 * `prompt=consent` from offline-access-consent.ts; a device authorization request carries no
 * `prompt`). Each sign-in can then be revoked on its own, and its refresh token stands on the
 * `offline_access` consent given for it.
 */
export async function loadExistingGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
  const fromThisConsent = ctx.oidc.result?.['consent']?.grantId;
  const clientId = ctx.oidc.client?.clientId;
  const remembered =
    DEVICE_ROUTES.has(ctx.oidc.route) || clientId === undefined
      ? undefined
      : ctx.oidc.session?.grantIdFor(clientId);
  const grantId = fromThisConsent ?? remembered;
  return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
}
