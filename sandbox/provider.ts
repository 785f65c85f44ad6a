import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import Provider, { type Account, type JWK } from 'oidc-provider';

import type { AccountDirectory } from './accounts.js';
import { DEVICE_CODE_GRANT_TYPE, REDIRECT_URIS, SCOPES } from './client.js';
import { loadExistingGrant } from './device-consent.js';
import { DEVICE_FLOW_FEATURE } from './device-views.js';
import type { KnobState } from './knobs.js';
import type { SandboxStore } from './store.js';
import { errorPage, PAGE_SECURITY_HEADERS } from './views.js';

export interface ProviderDeps {
  issuer: string;
  signingKey: JWK;
  clientId: string;
  accounts: AccountDirectory;
  knobs: KnobState;
  store: SandboxStore;
}

const DAY = 24 * 60 * 60;

/** Where the provider sends the browser for login and consent (served by interactions.ts). */
export const INTERACTION_PATH = '/interaction';

export async function makeSigningKey(): Promise<JWK> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  // The real provider signs ID tokens with RS256 too.
  return { ...privateKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig', kid: 'sandbox-rs256' };
}

function accountFor(accounts: AccountDirectory, accountId: string): Account | undefined {
  const account = accounts.byId(accountId);
  if (!account) return undefined;
  return {
    accountId,
    claims: () => ({
      sub: accountId,
      email: account.emails[0],
      email_verified: account.emails.length > 0 ? true : undefined,
      name: account.emails[0] ?? accountId,
    }),
  };
}

export function createProvider({
  issuer,
  signingKey,
  clientId,
  accounts,
  knobs,
  store,
}: ProviderDeps): Provider {
  return new Provider(issuer, {
    adapter: store.adapter,
    clients: [
      {
        client_id: clientId,
        // 'web' rather than 'native': oidc-provider matches native loopback redirect URIs on any
        // port (RFC 8252), but the real provider accepts only the five registered ports.
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT_TYPE],
        response_types: ['code'],
        redirect_uris: [...REDIRECT_URIS],
      },
    ],
    scopes: SCOPES.split(' '),
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Like the real provider, put the scopes' claims in the ID token too.
    conformIdTokenClaims: false,
    findAccount: (_ctx, sub) => accountFor(accounts, sub),
    interactions: { url: (_ctx, interaction) => `${INTERACTION_PATH}/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: false },
      deviceFlow: DEVICE_FLOW_FEATURE,
    },
    loadExistingGrant,
    pkce: { required: () => true },
    issueRefreshToken: (_ctx, client) =>
      client.clientId === clientId && client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    // Tokens outlive the browser session, as the real provider's do.
    expiresWithSession: () => false,
    clientBasedCORS: () => false,
    ttl: {
      AccessToken: () => knobs.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      DeviceCode: () => knobs.deviceCodeTtlSeconds,
      IdToken: 60 * 60,
      RefreshToken: 30 * DAY,
      Interaction: 60 * 60,
      Session: 14 * DAY,
      Grant: 30 * DAY,
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.set('content-security-policy', PAGE_SECURITY_HEADERS['content-security-policy']);
      ctx.body = errorPage(`${out.error}: ${out.error_description ?? ''}`);
    },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    jwks: { keys: [signingKey] },
  });
}
