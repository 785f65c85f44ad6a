import * as oidc from 'openid-client';
import type { Provider } from '../discovery/discover.js';

export interface PkceRequest {
  url: URL;
  state: string;
  codeVerifier: string;
}

/**
 * Exactly the parameters docs/contract.md lists and nothing else: no `prompt` (a consent screen on
 * every sign-in would be a regression) and no `nonce` (the CLI sends none).
 */
export async function buildPkceAuthorizationRequest(
  provider: Provider,
  redirectUri: string,
  state: string,
): Promise<PkceRequest> {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const url = oidc.buildAuthorizationUrl(provider.configuration, {
    response_type: 'code',
    client_id: provider.authConfig.clientId,
    redirect_uri: redirectUri,
    scope: provider.authConfig.scopes,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
  });
  return { url, state, codeVerifier };
}
