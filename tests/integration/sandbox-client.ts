import { createHash, randomBytes } from 'node:crypto';

import { Agent, fetch, type Response } from 'undici';

import { completeLoginOverHttp } from '../../sandbox/http-login.js';
import type { Sandbox } from '../../sandbox/types.js';

/** A minimal OAuth client for the sandbox tests: plain HTTPS requests that trust the sandbox CA. */

export const USER_AGENT = 'PipecatTrayTests/1.0';
export const REDIRECT_URI = 'http://127.0.0.1:8400/oauth_callback';

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
  id_token?: string;
  scope?: string;
  token_type?: string;
}

export interface SandboxClient {
  get(path: string, init?: { token?: string; userAgent?: string | null }): Promise<Response>;
  post(path: string, body: unknown, init?: { token?: string }): Promise<Response>;
  token(form: Record<string, string>): Promise<Response>;
  /** Full code + PKCE sign-in; the login and consent are posted over HTTP. */
  signIn(): Promise<TokenResponse>;
  refresh(refreshToken: string): Promise<Response>;
  authorizeUrl(params?: Record<string, string>): { url: string; verifier: string; state: string };
  close(): Promise<void>;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function clientFor(sandbox: Sandbox): SandboxClient {
  const agent = new Agent({ connect: { ca: sandbox.caPem } });
  const url = (path: string): string => (path.startsWith('https://') ? path : `${sandbox.apiHost}${path}`);

  const client: SandboxClient = {
    get: (path, { token, userAgent = USER_AGENT } = {}) => {
      const headers: Record<string, string> = {};
      if (userAgent !== null) headers['user-agent'] = userAgent;
      if (token) headers['authorization'] = `Bearer ${token}`;
      return fetch(url(path), { headers, dispatcher: agent });
    },
    post: (path, body, { token } = {}) => {
      const headers: Record<string, string> = {
        'user-agent': USER_AGENT,
        'content-type': 'application/json',
      };
      if (token) headers['authorization'] = `Bearer ${token}`;
      return fetch(url(path), { method: 'POST', headers, body: JSON.stringify(body), dispatcher: agent });
    },
    token: (form) =>
      fetch(`${sandbox.issuer}/token`, {
        method: 'POST',
        headers: { 'user-agent': USER_AGENT },
        body: new URLSearchParams(form),
        dispatcher: agent,
      }),
    authorizeUrl: (params = {}) => {
      const { verifier, challenge } = pkcePair();
      const state = randomBytes(16).toString('base64url');
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: sandbox.clientId,
        redirect_uri: REDIRECT_URI,
        scope: sandbox.scopes,
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state,
        ...params,
      });
      return { url: `${sandbox.issuer}/auth?${query.toString()}`, verifier, state };
    },
    signIn: async () => {
      const { url: authorizeUrl, verifier, state } = client.authorizeUrl();
      const callback = await completeLoginOverHttp(authorizeUrl, sandbox.account, { ca: sandbox.caPem });
      if (callback.searchParams.get('state') !== state) throw new Error('state mismatch');
      const code = callback.searchParams.get('code');
      if (!code) throw new Error(`no code: ${callback.searchParams.get('error') ?? 'unknown'}`);
      const response = await client.token({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        client_id: sandbox.clientId,
        code_verifier: verifier,
      });
      if (response.status !== 200) throw new Error(`token exchange failed: ${response.status}`);
      return (await response.json()) as TokenResponse;
    },
    refresh: (refreshToken) =>
      client.token({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: sandbox.clientId }),
    close: () => agent.close(),
  };
  return client;
}
