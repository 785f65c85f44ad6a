import type { ServerMetadata } from 'openid-client';
import { displayText } from '../../shared/display-text.js';
import { isAllowedEndpoint } from '../http/loopback-host.js';

/**
 * The checks docs/contract.md ("Discovery") adds on top of openid-client's own: returns a sentence naming what is
 * wrong, or undefined when the provider is fit to sign in with.
 */
export function findMetadataProblem(
  metadata: ServerMetadata,
  expectedIssuer: string,
  allowInsecureLoopback: boolean,
): string | undefined {
  if (metadata.issuer !== expectedIssuer) {
    const quoted = (issuer: string): string => JSON.stringify(displayText(issuer.slice(0, 200)));
    return `it names itself ${quoted(metadata.issuer)} instead of ${quoted(expectedIssuer)}`;
  }
  for (const key of ['authorization_endpoint', 'token_endpoint'] as const) {
    const endpoint = metadata[key];
    if (!endpoint) return `it has no ${key}`;
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      return `its ${key} is not a URL`;
    }
    if (!isAllowedEndpoint(url, allowInsecureLoopback)) return `its ${key} is not https`;
  }
  const methods = metadata.code_challenge_methods_supported;
  if (methods !== undefined && !methods.includes('S256')) return 'it does not support PKCE with S256';
  const responseTypes = metadata.response_types_supported;
  if (responseTypes !== undefined && !responseTypes.includes('code')) {
    return 'it does not support the authorization code flow';
  }
  return undefined;
}
