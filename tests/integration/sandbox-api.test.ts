import type { Response } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox } from '../../sandbox/sandbox.js';
import type { Sandbox } from '../../sandbox/types.js';
import { clientFor, type SandboxClient, type TokenResponse } from './sandbox-client.js';

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

async function json(response: Response): Promise<unknown> {
  return response.json();
}

describe('sandbox API with an OAuth access token', () => {
  let tokens: TokenResponse;

  beforeAll(async () => {
    tokens = await client.signIn();
  });

  it('returns the user, the organizations and an org’s Daily key', async () => {
    const token = tokens.access_token;
    expect(await json(await client.get('/v1/users', { token }))).toEqual({
      user: { userId: 'user_sandbox_1', emails: [{ emailAddress: 'dev@example.com' }] },
    });
    expect(await json(await client.get('/v1/organizations', { token }))).toEqual({
      organizations: [
        { name: 'acme', verboseName: 'Acme Inc.' },
        { name: 'second-org', verboseName: 'Second Org' },
      ],
    });
    const daily = await client.get('/v1/organizations/acme/daily', { token });
    expect(daily.status).toBe(200);
    expect(await json(daily)).toEqual({ apiKey: expect.any(String) });
    expect((await client.get('/v1/organizations/nope/daily', { token })).status).toBe(404);
  });

  it('answers 401 for a missing, unknown or expired token', async () => {
    expect((await client.get('/v1/users')).status).toBe(401);
    const unknown = await client.get('/v1/users', { token: 'not-a-real-token' });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('www-authenticate')).toMatch(/^Bearer/);

    const fresh = await client.signIn();
    expect((await client.get('/v1/users', { token: fresh.access_token })).status).toBe(200);
    expect(sandbox.expireAccessTokens()).toBeGreaterThan(0);
    expect((await client.get('/v1/users', { token: fresh.access_token })).status).toBe(401);
    // Refreshing still works and gives a live access token.
    const refreshed = await client.refresh(fresh.refresh_token ?? '');
    const { access_token: renewed } = (await refreshed.json()) as TokenResponse;
    expect((await client.get('/v1/users', { token: renewed })).status).toBe(200);
  });

  it('follows organization changes made at run time', async () => {
    const token = (await client.signIn()).access_token;
    const [account] = sandbox.accounts;
    const saved = account?.organizations ?? [];
    try {
      if (account) account.organizations = [];
      expect(await json(await client.get('/v1/organizations', { token }))).toEqual({ organizations: [] });
    } finally {
      if (account) account.organizations = saved;
    }
  });

  it('refuses requests without a Name/version User-Agent, like the CDN', async () => {
    const token = (await client.signIn()).access_token;
    for (const userAgent of [null, '', 'node', 'undici', 'curl', '/1.0', 'Name/']) {
      const response = await client.get('/v1/users', { token, userAgent });
      expect(response.status, String(userAgent)).toBe(403);
    }
    expect((await client.get('/auth/config', { userAgent: null })).status).toBe(403);
    for (const userAgent of ['PipecatCloudCLI/0.6.2', 'pipecat-tray/0.1.0 (linux)', 'Python-urllib/3.11']) {
      expect((await client.get('/v1/users', { token, userAgent })).status, userAgent).toBe(200);
    }
  });

  it('can also refuse HTTP libraries’ default agents', async () => {
    const token = sandbox.mintPat();
    sandbox.knobs.blockLibraryUserAgents = true;
    try {
      for (const userAgent of ['Python-urllib/3.11', 'python-requests/2.31.0', 'Python/3.11 aiohttp/3.9.1']) {
        expect((await client.get('/v1/users', { token, userAgent })).status, userAgent).toBe(403);
      }
      expect((await client.get('/v1/users', { token, userAgent: 'PipecatCloudCLI/0.6.2' })).status).toBe(200);
    } finally {
      sandbox.knobs.blockLibraryUserAgents = false;
    }
  });

  it('answers 404 and 405 for unknown routes and methods', async () => {
    expect((await client.get('/v1/nothing-here', { token: tokens.access_token })).status).toBe(404);
    expect((await client.get('/auth/logout')).status).toBe(405);
  });
});

describe('sandbox API with personal access tokens', () => {
  it('accepts a minted PAT, limited to its organizations, until it is revoked', async () => {
    const pat = sandbox.mintPat({ orgs: ['second-org'] });
    expect(pat).toMatch(/^pcc_pat_[A-Za-z0-9_-]{20,}$/);
    expect(await json(await client.get('/v1/users', { token: pat }))).toMatchObject({
      user: { userId: 'user_sandbox_1' },
    });
    expect(await json(await client.get('/v1/organizations', { token: pat }))).toEqual({
      organizations: [{ name: 'second-org', verboseName: 'Second Org' }],
    });
    expect((await client.get('/v1/organizations/acme/daily', { token: pat })).status).toBe(404);
    expect(sandbox.revokePat(pat)).toBe(true);
    expect((await client.get('/v1/users', { token: pat })).status).toBe(401);
  });

  it('counts the requests that presented a token, known or not, without listing any', async () => {
    const pat = sandbox.mintPat();
    const unknown = `pcc_pat_never_issued_${Date.now()}`;
    expect(sandbox.timesPresented(pat)).toBe(0);
    expect(sandbox.timesPresented(unknown)).toBe(0);
    expect((await client.get('/v1/users', { token: pat })).status).toBe(200);
    expect((await client.get('/v1/organizations', { token: pat })).status).toBe(200);
    expect((await client.get('/v1/users', { token: unknown })).status).toBe(401);
    // Refused before the token was looked at (no User-Agent): it was still shown to this host.
    expect((await client.get('/v1/users', { token: unknown, userAgent: null })).status).toBe(403);
    expect(sandbox.timesPresented(pat)).toBe(2);
    expect(sandbox.timesPresented(unknown)).toBe(2);
    // Neither becomes a "secret seen" by being presented: only issued PATs and tokens are.
    expect(sandbox.secretsSeen().includes(unknown)).toBe(false);
  });

  it('refuses a made-up PAT', async () => {
    expect((await client.get('/v1/organizations', { token: 'pcc_pat_made_up' })).status).toBe(401);
  });

  it('serves accounts without email and without organizations', async () => {
    sandbox.addAccount({ userId: 'user_onboarding', password: 'pw', emails: [], organizations: [] });
    const pat = sandbox.mintPat({ userId: 'user_onboarding' });
    expect(await json(await client.get('/v1/users', { token: pat }))).toEqual({
      user: { userId: 'user_onboarding', emails: [] },
    });
    expect(await json(await client.get('/v1/organizations', { token: pat }))).toEqual({ organizations: [] });
    expect(() => sandbox.mintPat({ userId: 'nobody' })).toThrow(/no account/);
  });
});

describe('sandbox: POST /auth/logout', () => {
  it('revokes the session: refresh and access tokens stop working', async () => {
    const tokens = await client.signIn();
    const response = await client.post(
      '/auth/logout',
      { refresh_token: tokens.refresh_token },
      { token: tokens.access_token },
    );
    expect(response.status).toBe(200);
    expect((await client.get('/v1/users', { token: tokens.access_token })).status).toBe(401);
    const refresh = await client.refresh(tokens.refresh_token ?? '');
    expect(refresh.status).toBe(400);
    expect(await json(refresh)).toMatchObject({ error: 'invalid_grant' });
  });

  it('needs a live bearer token and a refresh token; PATs are not sessions', async () => {
    const tokens = await client.signIn();
    expect((await client.post('/auth/logout', { refresh_token: tokens.refresh_token })).status).toBe(401);
    expect((await client.post('/auth/logout', {}, { token: tokens.access_token })).status).toBe(400);
    const pat = sandbox.mintPat();
    expect((await client.post('/auth/logout', { refresh_token: 'x' }, { token: pat })).status).toBe(400);
    expect((await client.get('/v1/users', { token: tokens.access_token })).status).toBe(200);
  });

  it('revokeGrantsFor signs a user out everywhere', async () => {
    const a = await client.signIn();
    const b = await client.signIn();
    expect(await sandbox.revokeGrantsFor(sandbox.account.userId)).toBeGreaterThanOrEqual(2);
    expect((await client.get('/v1/users', { token: a.access_token })).status).toBe(401);
    expect((await client.refresh(b.refresh_token ?? '')).status).toBe(400);
  });
});
