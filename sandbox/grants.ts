import type Provider from 'oidc-provider';

/** Kills a grant and every token issued under it; `false` when it was already gone. */
export async function revokeGrant(provider: Provider, grantId: string): Promise<boolean> {
  const grant = await provider.Grant.find(grantId);
  await Promise.all([
    provider.AccessToken.revokeByGrantId(grantId),
    provider.RefreshToken.revokeByGrantId(grantId),
    provider.AuthorizationCode.revokeByGrantId(grantId),
  ]);
  if (!grant) return false;
  await grant.destroy();
  return true;
}
