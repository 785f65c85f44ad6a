import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { completeLoginOverHttp } from '../../sandbox/http-login.js';
import { startSandbox } from '../../sandbox/sandbox.js';
import type { Sandbox } from '../../sandbox/types.js';
import { clientFor, type SandboxClient, type TokenResponse } from './sandbox-client.js';

let sandbox: Sandbox;
let client: SandboxClient;

beforeAll(async () => {
  sandbox = await startSandbox({ accessTokenTtlSeconds: 3600 });
  client = clientFor(sandbox);
});

afterEach(() => {
  sandbox.knobs.failNextTokenRequests(0);
  sandbox.knobs.logoutStatus = null;
  sandbox.knobs.latencyMs = 0;
  sandbox.knobs.autoConsent = false;
  sandbox.knobs.accessTokenTtlSeconds = 3600;
});

afterAll(async () => {
  await client?.close();
  await sandbox?.close();
});

describe('sandbox knobs', () => {
  it('takes the access-token lifetime from the options and from the knob', async () => {
    expect((await client.signIn()).expires_in).toBe(3600);
    sandbox.knobs.accessTokenTtlSeconds = 120;
    const tokens = await client.signIn();
    expect(tokens.expires_in).toBe(120);
    const refreshed = (await (await client.refresh(tokens.refresh_token ?? '')).json()) as TokenResponse;
    expect(refreshed.expires_in).toBe(120);
    expect(() => (sandbox.knobs.accessTokenTtlSeconds = 0)).toThrow(RangeError);
  });

  it('fails the next n token requests with the given status, then recovers', async () => {
    const tokens = await client.signIn();
    const before = sandbox.counters.tokenRequests['refresh_token'] ?? 0;
    sandbox.knobs.failNextTokenRequests(2, 503);
    expect(sandbox.knobs.pendingTokenFailures).toBe(2);
    for (let i = 0; i < 2; i += 1) {
      const failed = await client.refresh(tokens.refresh_token ?? '');
      expect(failed.status).toBe(503);
      expect(await failed.json()).toMatchObject({ error: 'temporarily_unavailable' });
    }
    expect(sandbox.knobs.pendingTokenFailures).toBe(0);
    // The injected failures never reached the provider: the refresh token is still good.
    expect((await client.refresh(tokens.refresh_token ?? '')).status).toBe(200);
    expect(sandbox.counters.tokenRequests['refresh_token']).toBe(before + 3);
    expect(sandbox.counters.injectedTokenFailures).toBe(2);
  });

  it('can inject invalid_grant (400) and a default 500', async () => {
    const tokens = await client.signIn();
    sandbox.knobs.failNextTokenRequests(1, 400);
    const invalid = await client.refresh(tokens.refresh_token ?? '');
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: 'invalid_grant' });
    sandbox.knobs.failNextTokenRequests(1);
    expect((await client.refresh(tokens.refresh_token ?? '')).status).toBe(500);
  });

  it('answers /auth/logout with logoutStatus and revokes nothing', async () => {
    const tokens = await client.signIn();
    sandbox.knobs.logoutStatus = 503;
    const before = sandbox.counters.logoutRequests;
    const response = await client.post(
      '/auth/logout',
      { refresh_token: tokens.refresh_token },
      { token: tokens.access_token },
    );
    expect(response.status).toBe(503);
    expect(sandbox.counters.logoutRequests).toBe(before + 1);
    expect((await client.get('/v1/users', { token: tokens.access_token })).status).toBe(200);
    expect((await client.refresh(tokens.refresh_token ?? '')).status).toBe(200);
  });

  it('adds latency to every request', async () => {
    sandbox.knobs.latencyMs = 300;
    const started = performance.now();
    expect((await client.get('/auth/config')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('skips the consent page with autoConsent', async () => {
    const consentPosts = async (): Promise<number> => {
      const start = sandbox.requestLog.length;
      const callback = await completeLoginOverHttp(client.authorizeUrl().url, sandbox.account, {
        ca: sandbox.caPem,
      });
      expect(callback.searchParams.get('code')).toEqual(expect.any(String));
      return sandbox.requestLog.slice(start).filter((entry) => entry.path.endsWith('/confirm')).length;
    };
    expect(await consentPosts()).toBe(1);
    sandbox.knobs.autoConsent = true;
    expect(await consentPosts()).toBe(0);
  });
});

describe('sandbox request log', () => {
  it('records method, path and status, and never a secret', async () => {
    const tokens = await client.signIn();
    const refreshed = (await (await client.refresh(tokens.refresh_token ?? '')).json()) as TokenResponse;
    await client.get('/v1/users', { token: refreshed.access_token });
    const log = sandbox.requestLog;
    expect(log).toContainEqual({ method: 'GET', path: '/v1/users', status: 200, time: expect.any(Number) });
    expect(log).toContainEqual({
      method: 'POST',
      path: '/oidc/token',
      status: 200,
      time: expect.any(Number),
    });
    expect(log.some((entry) => entry.method === 'GET' && entry.path === '/oidc/auth')).toBe(true);
    const text = JSON.stringify(log);
    for (const secret of [
      tokens.access_token,
      tokens.refresh_token,
      refreshed.refresh_token,
      tokens.id_token,
    ]) {
      expect(secret && text.includes(secret)).toBe(false);
    }
    expect(log.every((entry) => !entry.path.includes('?'))).toBe(true);
    expect(text).not.toMatch(/code=|code_verifier|state=|password/);
  });

  it('resolves nextRequest when a matching request is answered', async () => {
    const seen = sandbox.nextRequest((request) => request.path === '/v1/organizations');
    const pat = sandbox.mintPat();
    const response = await client.get('/v1/organizations', { token: pat });
    await expect(seen).resolves.toMatchObject({ method: 'GET', status: response.status });
    const controller = new AbortController();
    const never = sandbox.nextRequest(() => false, controller.signal);
    controller.abort(new Error('stop'));
    await expect(never).rejects.toThrow('stop');
  });
});
