import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryPreferences } from '../../e2e/support/memory-preferences.js';
import { TrayService } from '../../main/core/app/tray-service.js';
import type { Fetch } from '../../main/core/http/fetch.js';

const API = 'https://api.example.test';
const ISSUER = 'https://id.example.test';

const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Pipecat Cloud and its identity provider, as far as a sign-in goes; records the token requests. */
function fakeCloud(): { fetch: Fetch; tokenRequests: URLSearchParams[] } {
  const tokenRequests: URLSearchParams[] = [];
  const fetch: Fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const route = `${init?.method ?? 'GET'} ${url.origin}${url.pathname}`;
    if (route === `GET ${API}/auth/config`) {
      return json({ issuer: ISSUER, client_id: 'tray-test', scopes: 'email offline_access' });
    }
    if (route === `GET ${ISSUER}/.well-known/openid-configuration`) {
      return json({
        issuer: ISSUER,
        authorization_endpoint: `${ISSUER}/authorize`,
        token_endpoint: `${ISSUER}/token`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (route === `POST ${ISSUER}/token`) {
      tokenRequests.push(new URLSearchParams(String(init?.body)));
      return json({
        access_token: 'access-1',
        refresh_token: 'refresh-1',
        expires_in: 3600,
        token_type: 'bearer',
      });
    }
    if (route === `GET ${API}/v1/users`) {
      return json({ user: { userId: 'user_1', emails: [{ emailAddress: 'dev@example.com' }] } });
    }
    if (route === `GET ${API}/v1/organizations`) {
      return json({ organizations: [{ name: 'acme', verboseName: 'Acme Inc.' }] });
    }
    return json({ error: 'not_found' }, 404);
  };
  return { fetch, tokenRequests };
}

/** A free loopback port outside 8400-8404, so this test needs no lock. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

let dir: string;
let service: TrayService;
let cloud: ReturnType<typeof fakeCloud>;
let browserOpened: Promise<URL>;
let port: number;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pipecat-tray-paste-unit-'));
  cloud = fakeCloud();
  port = await freePort();
  let opened!: (url: URL) => void;
  browserOpened = new Promise((resolve) => (opened = resolve));
  service = new TrayService({
    configPath: path.join(dir, 'pipecatcloud.toml'),
    hostFor: () => API,
    fetchFor: () => cloud.fetch,
    // The browser opens, on another machine: its redirect never reaches this one.
    openInBrowser: async (url) => opened(new URL(url)),
    openExternal: async () => undefined,
    preferences: memoryPreferences({ startAtLoginChosen: true }),
    autoStart: { setEnabled: async () => undefined },
    notify: () => undefined,
    loopbackPorts: [port],
  });
  await service.start();
});

afterEach(async () => {
  service.stop();
  // stop() does not wait for the session's last lock to be let go; rm retries until it is.
  await rm(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 25 });
});

describe('TrayService.completeSignInFromPastedUrl', () => {
  it('refuses an address when no sign-in is waiting', async () => {
    await expect(
      service.completeSignInFromPastedUrl('http://127.0.0.1:8400/oauth_callback?code=c&state=s'),
    ).resolves.toEqual({
      ok: false,
      message: 'No sign-in is waiting for an address.',
    });
  });

  it('finishes a waiting sign-in from the pasted address after refusing others, and closes the loopback server', async () => {
    const signingIn = service.signIn();
    const authorizeUrl = await browserOpened;
    const state = authorizeUrl.searchParams.get('state') ?? '';
    const redirectUri = authorizeUrl.searchParams.get('redirect_uri') ?? '';
    expect(redirectUri).toBe(`http://127.0.0.1:${port}/oauth_callback`);
    expect(service.state.status).toBe('signing_in');

    const garbled = await service.completeSignInFromPastedUrl('this is not it');
    expect(garbled).toMatchObject({
      ok: false,
      message: expect.stringContaining(`starts with ${redirectUri}?`),
    });
    const otherAttempt = await service.completeSignInFromPastedUrl(`${redirectUri}?code=c0&state=other`);
    expect(otherAttempt).toMatchObject({
      ok: false,
      message: expect.stringContaining('another sign-in attempt'),
    });
    expect(service.state.status).toBe('signing_in');
    expect(cloud.tokenRequests).toHaveLength(0);

    const pasted = await service.completeSignInFromPastedUrl(` ${redirectUri}?code=the-code&state=${state} `);
    expect(pasted).toEqual({ ok: true, message: 'Address received; finishing the sign-in…' });
    await expect(signingIn).resolves.toEqual({ ok: true, message: 'Signed in as dev@example.com.' });

    expect(cloud.tokenRequests).toHaveLength(1);
    expect(cloud.tokenRequests[0]?.get('code')).toBe('the-code');
    expect(cloud.tokenRequests[0]?.get('redirect_uri')).toBe(redirectUri);
    expect(cloud.tokenRequests[0]?.get('code_verifier')?.length).toBeGreaterThan(40);
    expect(service.state.status).toBe('oauth');
    expect(await isListening(port)).toBe(false);
    expect(
      (await service.completeSignInFromPastedUrl(`${redirectUri}?code=the-code&state=${state}`)).ok,
    ).toBe(false);
  });

  it("a pasted refusal from the provider ends the sign-in with the provider's sentence", async () => {
    const signingIn = service.signIn();
    const authorizeUrl = await browserOpened;
    const state = authorizeUrl.searchParams.get('state') ?? '';
    const redirectUri = authorizeUrl.searchParams.get('redirect_uri') ?? '';
    expect(
      (await service.completeSignInFromPastedUrl(`${redirectUri}?error=access_denied&state=${state}`)).ok,
    ).toBe(true);
    await expect(signingIn).resolves.toEqual({
      ok: false,
      message: 'Sign-in was declined at the identity provider; nothing was saved.',
    });
    expect(cloud.tokenRequests).toHaveLength(0);
  });
});
