import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium, type LaunchedBrowser } from './support/browser.js';
import { completeProviderLogin } from './support/provider-login.js';
import { startSandbox } from '../sandbox/sandbox.js';
import { LOGIN_TITLE } from '../sandbox/views.js';
import type { Sandbox } from '../sandbox/types.js';

/** A stand-in for the app's loopback server: answers the callback and reports what it got. */
interface Loopback {
  redirectUri: string;
  callbacks: URL[];
  close(): Promise<void>;
}

async function startLoopback(): Promise<Loopback> {
  const callbacks: URL[] = [];
  for (const port of [8400, 8401, 8402, 8403, 8404]) {
    const server: Server = createServer((req, res) => {
      callbacks.push(new URL(req.url ?? '/', `http://127.0.0.1:${port}`));
      res.writeHead(200, { 'content-type': 'text/plain' }).end('signed in');
    });
    const listening = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!listening) continue;
    return {
      redirectUri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth_callback`,
      callbacks,
      close: () =>
        new Promise((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }
  throw new Error('ports 8400-8404 are all busy');
}

function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

let sandbox: Sandbox;
let browser: LaunchedBrowser;
let loopback: Loopback;
let agent: Agent;

beforeAll(async () => {
  sandbox = await startSandbox();
  agent = new Agent({ connect: { ca: sandbox.caPem } });
  loopback = await startLoopback();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await loopback?.close();
  await agent?.close();
  await sandbox?.close();
});

function authorizeUrl(challenge: string, state: string): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: sandbox.clientId,
    redirect_uri: loopback.redirectUri,
    scope: sandbox.scopes,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  });
  return `${sandbox.issuer}/auth?${query.toString()}`;
}

describe('sandbox sign-in in a real browser', () => {
  it('logs in, approves consent and lands on the redirect URI with a code that yields tokens', async () => {
    const { verifier, challenge } = pkcePair();
    const page = await browser.context.newPage();
    await page.goto(authorizeUrl(challenge, 'state-1'));
    expect(await page.title()).toBe(LOGIN_TITLE);

    const callback = await completeProviderLogin(page, sandbox.account);
    expect(callback.origin + callback.pathname).toBe(loopback.redirectUri);
    expect(callback.searchParams.get('state')).toBe('state-1');
    expect(loopback.callbacks.at(-1)?.href).toBe(callback.href);
    expect(await page.textContent('body')).toBe('signed in');

    const response = await fetch(`${sandbox.issuer}/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code') ?? '',
        redirect_uri: loopback.redirectUri,
        client_id: sandbox.clientId,
        code_verifier: verifier,
      }),
      dispatcher: agent,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      expires_in: 86_400,
    });
    await page.close();
  });

  it('with the browser session kept, goes straight to consent; denying sends access_denied', async () => {
    const { challenge } = pkcePair();
    const page = await browser.context.newPage();
    await page.goto(authorizeUrl(challenge, 'state-2'));
    expect(await page.locator('form[data-step="login"]').count()).toBe(0);

    const callback = await completeProviderLogin(page, sandbox.account, { deny: true });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe('state-2');
    expect(callback.searchParams.has('code')).toBe(false);
    await page.close();
  });

  it('reports a refused login', async () => {
    const { challenge } = pkcePair();
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await page.goto(authorizeUrl(challenge, 'state-3'));
    await expect(completeProviderLogin(page, { ...sandbox.account, password: 'wrong' })).rejects.toThrow(
      /login refused/,
    );
    await page.close();
  });
});
