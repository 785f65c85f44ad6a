import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { completeLoginOverHttp } from '../../sandbox/http-login.js';
import { startSandbox } from '../../sandbox/sandbox.js';
import type { Sandbox } from '../../sandbox/types.js';
import { clientFor, REDIRECT_URI, type SandboxClient, type TokenResponse } from './sandbox-client.js';

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

describe('sandbox: authorization code + PKCE', () => {
  it('signs in without prompt and issues access, refresh and ID tokens for a day', async () => {
    const tokens = await client.signIn();
    expect(tokens.access_token).toEqual(expect.any(String));
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.id_token).toEqual(expect.any(String));
    expect(tokens.expires_in).toBe(86_400);
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.scope?.split(' ').sort()).toEqual(['email', 'offline_access', 'openid', 'profile']);
  });

  it('refuses a wrong code_verifier', async () => {
    const { url, state } = client.authorizeUrl();
    const callback = await completeLoginOverHttp(url, sandbox.account, { ca: sandbox.caPem });
    expect(callback.searchParams.get('state')).toBe(state);
    const response = await client.token({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT_URI,
      client_id: sandbox.clientId,
      code_verifier: 'x'.repeat(43),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses an authorization request without PKCE or with plain PKCE', async () => {
    const plain = client.authorizeUrl({ code_challenge_method: 'plain' }).url;
    const withoutPkce = new URL(client.authorizeUrl().url);
    withoutPkce.searchParams.delete('code_challenge');
    withoutPkce.searchParams.delete('code_challenge_method');
    for (const url of [plain, withoutPkce.href]) {
      const callback = await completeLoginOverHttp(url, sandbox.account, { ca: sandbox.caPem });
      expect(callback.searchParams.get('error')).toBe('invalid_request');
      expect(callback.searchParams.has('code')).toBe(false);
    }
  });

  it('accepts exactly the five registered loopback redirect URIs', async () => {
    for (const port of [8400, 8404]) {
      const redirect = `http://127.0.0.1:${port}/oauth_callback`;
      const { url } = client.authorizeUrl({ redirect_uri: redirect });
      const callback = await completeLoginOverHttp(url, sandbox.account, { ca: sandbox.caPem });
      expect(callback.origin + callback.pathname).toBe(redirect);
      expect(callback.searchParams.get('code')).toEqual(expect.any(String));
    }
    for (const redirect of [
      'http://127.0.0.1:8405/oauth_callback',
      'http://localhost:8400/oauth_callback',
      'http://127.0.0.1:8400/other',
    ]) {
      const { url } = client.authorizeUrl({ redirect_uri: redirect });
      const response = await client.get(url);
      expect(response.status, redirect).toBe(400);
    }
  });

  it('sends error=access_denied to the redirect URI when consent is denied', async () => {
    const { url, state } = client.authorizeUrl();
    const callback = await completeLoginOverHttp(url, sandbox.account, { ca: sandbox.caPem, deny: true });
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe(state);
    expect(callback.searchParams.has('code')).toBe(false);
  });

  it('refuses a wrong password', async () => {
    const { url } = client.authorizeUrl();
    const account = { ...sandbox.account, password: 'wrong' };
    await expect(completeLoginOverHttp(url, account, { ca: sandbox.caPem })).rejects.toThrow(/refused/);
  });
});

describe('sandbox: refresh tokens', () => {
  let tokens: TokenResponse;

  beforeAll(async () => {
    tokens = await client.signIn();
  });

  it('rotates on every refresh and kills the grant when a used one is replayed', async () => {
    const first = await client.refresh(tokens.refresh_token ?? '');
    expect(first.status).toBe(200);
    const rotated = (await first.json()) as TokenResponse;
    expect(rotated.refresh_token).toEqual(expect.any(String));
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    expect(rotated.access_token).not.toBe(tokens.access_token);
    expect((await client.get('/v1/users', { token: rotated.access_token })).status).toBe(200);

    const replay = await client.refresh(tokens.refresh_token ?? '');
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });

    // The replay revoked the whole grant: the newest tokens are dead too.
    const afterReplay = await client.refresh(rotated.refresh_token ?? '');
    expect(afterReplay.status).toBe(400);
    expect((await client.get('/v1/users', { token: rotated.access_token })).status).toBe(401);
    expect((await client.get('/v1/users', { token: tokens.access_token })).status).toBe(401);
  });

  it('keeps other sign-ins alive when one grant is revoked', async () => {
    const a = await client.signIn();
    const b = await client.signIn();
    await client.refresh(a.refresh_token ?? '');
    expect((await client.refresh(a.refresh_token ?? '')).status).toBe(400);
    expect((await client.refresh(b.refresh_token ?? '')).status).toBe(200);
  });
});
