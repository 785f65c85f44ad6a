import * as oidc from 'openid-client';
import { Agent, fetch as undiciFetch, type Response as UndiciResponse } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { completeLoginOverHttp } from '../../sandbox/http-login.js';
import { startSandbox } from '../../sandbox/sandbox.js';
import type { Sandbox } from '../../sandbox/types.js';
import { clientFor, REDIRECT_URI, type SandboxClient } from './sandbox-client.js';

let sandbox: Sandbox;
let client: SandboxClient;

beforeAll(async () => {
  sandbox = await startSandbox();
  client = clientFor(sandbox);
});

afterAll(async () => {
  await client?.close();
  await sandbox?.close();
});

describe('sandbox: discovery', () => {
  it('serves /auth/config as the contract describes', async () => {
    const response = await client.get('/auth/config');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      issuer: sandbox.issuer,
      client_id: 'pipecat-tray-sandbox',
      scopes: 'openid email profile offline_access',
    });
    expect(sandbox.issuer).toBe(`${sandbox.apiHost}/oidc`);
    expect(sandbox.apiHost).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves a discovery document that passes the app’s checks', async () => {
    const response = await client.get(`${sandbox.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as Record<string, unknown>;
    expect(doc['issuer']).toBe(sandbox.issuer);
    expect(doc['authorization_endpoint']).toBe(`${sandbox.issuer}/auth`);
    expect(doc['token_endpoint']).toBe(`${sandbox.issuer}/token`);
    expect(doc['code_challenge_methods_supported']).toEqual(['S256']);
    expect(doc['response_types_supported']).toContain('code');
    expect(doc['grant_types_supported']).toEqual(
      expect.arrayContaining(['authorization_code', 'refresh_token']),
    );
    expect(doc['scopes_supported']).toEqual(expect.arrayContaining(sandbox.scopes.split(' ')));
  });

  it('works with openid-client end to end: discovery, code + PKCE, ID token, refresh', async () => {
    const agent = new Agent({ connect: { ca: sandbox.caPem } });
    try {
      const config = await oidc.discovery(new URL(sandbox.issuer), sandbox.clientId, undefined, oidc.None(), {
        [oidc.customFetch]: (url, options) =>
          undiciFetch(url, { ...options, dispatcher: agent }) as unknown as Promise<Response>,
      });
      config[oidc.customFetch] = (url, options) =>
        undiciFetch(url, { ...options, dispatcher: agent }) as unknown as Promise<Response>;
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const authorizeUrl = oidc.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT_URI,
        scope: sandbox.scopes,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
      });
      expect(authorizeUrl.searchParams.has('prompt')).toBe(false);
      const callback = await completeLoginOverHttp(authorizeUrl.href, sandbox.account, { ca: sandbox.caPem });
      const tokens = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedState: state,
      });
      expect(tokens.refresh_token).toEqual(expect.any(String));
      expect(tokens.claims()).toMatchObject({ sub: sandbox.account.userId, email: sandbox.account.email });
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? '');
      expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
      expect(refreshed.expires_in).toBe(86_400);
    } finally {
      await agent.close();
    }
  });
});

describe('sandbox: discovery faults on demand', () => {
  const discovery = (): Promise<UndiciResponse> =>
    client.get(`${sandbox.issuer}/.well-known/openid-configuration`);

  it('patches and removes fields of the discovery document', async () => {
    sandbox.knobs.discoveryOverrides = {
      fields: {
        issuer: 'https://elsewhere.example',
        token_endpoint: 'http://127.0.0.1/token',
        code_challenge_methods_supported: undefined,
      },
    };
    try {
      const doc = (await (await discovery()).json()) as Record<string, unknown>;
      expect(doc['issuer']).toBe('https://elsewhere.example');
      expect(doc['token_endpoint']).toBe('http://127.0.0.1/token');
      expect(doc).not.toHaveProperty('code_challenge_methods_supported');
      expect(doc['authorization_endpoint']).toBe(`${sandbox.issuer}/auth`);
    } finally {
      sandbox.knobs.discoveryOverrides = null;
    }
    expect(((await (await discovery()).json()) as Record<string, unknown>)['issuer']).toBe(sandbox.issuer);
  });

  it('answers a raw status and body instead of the document', async () => {
    sandbox.knobs.discoveryOverrides = { status: 500, body: '<html>oops</html>', contentType: 'text/html' };
    try {
      const response = await discovery();
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toBe('<html>oops</html>');
    } finally {
      sandbox.knobs.discoveryOverrides = null;
    }
  });

  it('overrides /auth/config with JSON or a raw body', async () => {
    sandbox.knobs.authConfigOverride = { status: 200, body: { issuer: 'https://elsewhere.example' } };
    try {
      const json = await client.get('/auth/config');
      expect(json.status).toBe(200);
      expect(await json.json()).toEqual({ issuer: 'https://elsewhere.example' });
      sandbox.knobs.authConfigOverride = { status: 502, body: '<html>Bad gateway</html>' };
      const raw = await client.get('/auth/config');
      expect(raw.status).toBe(502);
      expect(await raw.text()).toBe('<html>Bad gateway</html>');
    } finally {
      sandbox.knobs.authConfigOverride = null;
    }
    expect((await client.get('/auth/config')).status).toBe(200);
  });
});
