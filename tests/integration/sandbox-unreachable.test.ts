import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox } from '../../sandbox/sandbox.js';
import type { Sandbox } from '../../sandbox/types.js';
import { clientFor, type SandboxClient } from './sandbox-client.js';

let sandbox: Sandbox;
let client: SandboxClient;

beforeAll(async () => {
  sandbox = await startSandbox({ accessTokenTtlSeconds: 3600 });
  client = clientFor(sandbox);
});

afterEach(() => {
  sandbox.knobs.unreachable = false;
});

afterAll(async () => {
  await client?.close();
  await sandbox?.close();
});

describe('sandbox knob: unreachable', () => {
  it('is off by default', async () => {
    expect(sandbox.knobs.unreachable).toBe(false);
    expect((await client.get('/auth/config')).status).toBe(200);
  });

  it('drops every request with a network error, logs it with status 0, touches no grant', async () => {
    const tokens = await client.signIn();
    const refreshesBefore = sandbox.counters.tokenRequests['refresh_token'] ?? 0;
    sandbox.knobs.unreachable = true;
    const start = sandbox.requestLog.length;

    await expect(client.get('/auth/config')).rejects.toThrow();
    await expect(client.get('/v1/users', { token: tokens.access_token })).rejects.toThrow();
    await expect(client.refresh(tokens.refresh_token ?? '')).rejects.toThrow();

    expect(sandbox.requestLog.slice(start).map(({ method, path, status }) => [method, path, status])).toEqual(
      [
        ['GET', '/auth/config', 0],
        ['GET', '/v1/users', 0],
        ['POST', '/oidc/token', 0],
      ],
    );
    // The token request never reached the provider: the refresh token was not used up.
    expect(sandbox.counters.tokenRequests['refresh_token'] ?? 0).toBe(refreshesBefore);

    sandbox.knobs.unreachable = false;
    expect((await client.get('/v1/users', { token: tokens.access_token })).status).toBe(200);
    expect((await client.refresh(tokens.refresh_token ?? '')).status).toBe(200);
  });

  it('lets nextRequest see the dropped request', async () => {
    sandbox.knobs.unreachable = true;
    const seen = sandbox.nextRequest((request) => request.path === '/auth/config');
    await expect(client.get('/auth/config')).rejects.toThrow();
    await expect(seen).resolves.toMatchObject({ method: 'GET', status: 0 });
  });
});
