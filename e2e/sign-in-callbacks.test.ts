/**
 * The loopback callback, end to end: the core sign-in in-process against the real sandbox, the
 * browser's part played over HTTP, and hand-made requests to the real loopback server.
 * Proves: bad callbacks are refused while the flow keeps waiting for the real one (B), the
 * result page and its headers (B), a declined consent (C), and the authorize URL (I).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UserFacingError } from '../main/core/errors.js';
import { LOOPBACK_PORTS } from '../main/core/loopback/constants.js';
import { escapeHtml, FAILURE_COPY, PAGE_CSP, SUCCESS_TITLE } from '../main/core/pages/index.js';
import { completeLoginOverHttp } from '../sandbox/index.js';
import {
  containsSandboxSecret,
  deliverCallback,
  drainEventLoop,
  isListening,
  rawRequest,
  settle,
  startSignInHarness,
  targetOf,
  type RawRequest,
  type SignInHarness,
} from './support/sign-in-harness.js';
import { AUTHORIZE_QUERY_KEYS } from './support/provider-login.js';

let h: SignInHarness;

beforeAll(async () => {
  h = await startSignInHarness();
});

afterEach(async () => {
  await h.endAllFlows();
});

afterAll(async () => {
  await h?.close();
});

const login = (authorizeUrl: string, deny = false): Promise<URL> =>
  completeLoginOverHttp(authorizeUrl, h.sandbox.account, { ca: h.sandbox.caPem, deny });

describe('bad callbacks are refused and the flow keeps waiting (B)', () => {
  it('answers each with 4xx, still completes with the real callback, then refuses another', async () => {
    const configPath = path.join(h.dir, 'bad-callbacks', 'pipecatcloud.toml');
    const flow = h.startSignIn({ configPath });
    const real = await login(await flow.authorizeUrl);
    const port = Number(real.port);
    // 8400 unless something else on this machine holds it (the port choice itself: sign-in-loopback).
    expect(LOOPBACK_PORTS.includes(port)).toBe(true);
    expect(real.pathname).toBe('/oauth_callback');
    const state = real.searchParams.get('state') ?? '';
    const code = real.searchParams.get('code') ?? '';
    expect(state).not.toBe('');
    expect(code).not.toBe('');

    const query = (params: Record<string, string>): string => new URLSearchParams(params).toString();
    const bad: Array<{ what: string; request: RawRequest; status: number }> = [
      {
        what: 'wrong state',
        request: { port, target: `/oauth_callback?${query({ code, state: `${state}x` })}` },
        status: 400,
      },
      {
        what: 'no state',
        request: { port, target: `/oauth_callback?${query({ code })}` },
        status: 400,
      },
      {
        what: 'an error with the wrong state',
        request: { port, target: `/oauth_callback?${query({ error: 'access_denied', state: 'nope' })}` },
        status: 400,
      },
      {
        what: 'missing code',
        request: { port, target: `/oauth_callback?${query({ state })}` },
        status: 400,
      },
      { what: 'POST', request: { port, target: targetOf(real), method: 'POST' }, status: 405 },
      { what: 'PUT', request: { port, target: targetOf(real), method: 'PUT' }, status: 405 },
      {
        what: 'another path',
        request: { port, target: `/other_callback${real.search}` },
        status: 404,
      },
      {
        what: 'a sub-path',
        request: { port, target: `/oauth_callback/extra${real.search}` },
        status: 404,
      },
      { what: '/favicon.ico', request: { port, target: '/favicon.ico' }, status: 404 },
      {
        what: 'the result page before any callback',
        request: { port, target: '/oauth_callback/result' },
        status: 404,
      },
      {
        what: 'Host: localhost',
        request: { port, target: targetOf(real), host: `localhost:${port}` },
        status: 404,
      },
      {
        what: 'a foreign Host',
        request: { port, target: targetOf(real), host: 'attacker.example' },
        status: 404,
      },
      {
        what: 'Host without the port',
        request: { port, target: targetOf(real), host: '127.0.0.1' },
        status: 404,
      },
      {
        what: 'a query over 8 KB',
        request: { port, target: `${targetOf(real)}&pad=${'a'.repeat(8 * 1024)}` },
        status: 414,
      },
    ];
    for (const { what, request, status } of bad) {
      const response = await rawRequest(request);
      expect(response.status, what).toBe(status);
      expect(response.headers.location, what).toBeUndefined();
      expect(containsSandboxSecret(h.sandbox, response.body), `${what}: page echoes a secret`).toBe(false);
      await drainEventLoop();
      expect(flow.settled, `${what}: the flow ended`).toBe(false);
      expect(flow.steps.includes('exchanging'), `${what}: the flow went on to the token exchange`).toBe(
        false,
      );
    }
    // Nothing was accepted yet: the real callback is still the first good one.
    expect(h.sandbox.counters.tokenRequests['authorization_code'] ?? 0).toBe(0);
    await expect(stat(configPath)).rejects.toMatchObject({ code: 'ENOENT' });

    const { callback, result } = await deliverCallback(real);
    expect(callback.status).toBe(302);
    const outcome = await settle(flow.result);
    expect(outcome.ok).toBe(true);
    expect(result?.status).toBe(200);

    const stored = await h.store(configPath).read();
    expect(stored).toBeDefined();
    const issued = new Set(h.sandbox.secretsSeen());
    expect(issued.has(stored?.token ?? '')).toBe(true);
    expect(issued.has(stored?.refreshToken ?? '')).toBe(true);
    expect(outcome.ok && outcome.value.tokens.accessToken === stored?.token).toBe(true);
    expect(stored?.org).toBe('acme');
    expect(h.sandbox.counters.tokenRequests['authorization_code']).toBe(1);

    // Single use: the same callback again is refused (the server closed after the result page).
    const again = await rawRequest({ port, target: targetOf(real) }).then(
      (response) => response.status,
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect(again).toBe('ECONNREFUSED');
    expect(await isListening(port)).toBe(false);
    expect(h.sandbox.counters.tokenRequests['authorization_code']).toBe(1);
  });

  it('redirects a good callback to a clean URL and shows the success page with strict headers', async () => {
    const configPath = path.join(h.dir, 'result-page', 'pipecatcloud.toml');
    const flow = h.startSignIn({ configPath });
    const real = await login(await flow.authorizeUrl);
    const port = Number(real.port);
    const callback = await rawRequest({ port, target: targetOf(real) });
    expect(callback.status).toBe(302);
    // The server stays up until the browser fetched the result page; a replay meanwhile is refused.
    const replay = await rawRequest({ port, target: targetOf(real) });
    expect(replay.status).toBe(404);
    expect(replay.headers.location).toBeUndefined();
    const result = await rawRequest({ port, target: callback.headers.location ?? '/missing' });

    const location = callback.headers.location ?? '';
    // Checked without printing: a failing toBe would show a code in the Location.
    expect(new URL(location, real).searchParams.has('code')).toBe(false);
    expect(location.includes(real.searchParams.get('code') ?? '<none>')).toBe(false);
    expect(location).toBe('/oauth_callback/result');
    expect(callback.headers['cache-control']).toBe('no-store');
    expect(callback.headers['referrer-policy']).toBe('no-referrer');

    expect(result.status).toBe(200);
    const page = result.body;
    expect(containsSandboxSecret(h.sandbox, page)).toBe(false);
    expect(page.includes(escapeHtml(SUCCESS_TITLE))).toBe(true);
    expect(page.includes(escapeHtml(h.sandbox.account.email))).toBe(true);
    expect(page.includes(escapeHtml(FAILURE_COPY.internal.title))).toBe(false);
    expect(result.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(result.headers['content-security-policy']).toBe(PAGE_CSP);
    expect(result.headers['content-security-policy']).toContain("default-src 'none'");
    expect(result.headers['cache-control']).toBe('no-store');
    expect(result.headers['x-content-type-options']).toBe('nosniff');
    expect(result.headers['x-frame-options']).toBe('DENY');

    const outcome = await settle(flow.result);
    expect(outcome.ok).toBe(true);
    expect(outcome.ok && outcome.value.account.user.email).toBe(h.sandbox.account.email);
    expect((await stat(configPath)).mode & 0o777).toBe(0o600);
  });
});

describe('a declined consent (C)', () => {
  it('shows the access_denied page, fails with a UserFacingError and writes nothing', async () => {
    const folder = path.join(h.dir, 'denied');
    const configPath = path.join(folder, 'pipecatcloud.toml');
    const flow = h.startSignIn({ configPath });
    const denied = await login(await flow.authorizeUrl, true);
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.has('code')).toBe(false);

    const tokenRequestsBefore = h.sandbox.counters.tokenRequests['authorization_code'] ?? 0;
    const { callback, result } = await deliverCallback(denied);
    expect(callback.status).toBe(302);
    expect(result?.status).toBe(200);
    const page = result?.body ?? '';
    expect(containsSandboxSecret(h.sandbox, page)).toBe(false);
    expect(page.includes(escapeHtml(FAILURE_COPY.access_denied.title))).toBe(true);
    expect(page.includes(escapeHtml(SUCCESS_TITLE))).toBe(false);
    expect(result?.headers['content-security-policy']).toBe(PAGE_CSP);

    const outcome = await settle(flow.result);
    expect(outcome.ok).toBe(false);
    const error = outcome.ok ? undefined : outcome.error;
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as UserFacingError).code).toBe('access_denied');
    expect(flow.steps.includes('exchanging')).toBe(false);
    expect(h.sandbox.counters.tokenRequests['authorization_code'] ?? 0).toBe(tokenRequestsBefore);
    await expect(readdir(folder)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('the authorize URL (I)', () => {
  it('carries exactly the contract parameters, and the API saw our User-Agent', async () => {
    const configPath = path.join(h.dir, 'authorize-url', 'pipecatcloud.toml');
    // With this knob the sandbox API refuses library default agents as well as anything not
    // `Name/version`: every API answer below being 200 means every request carried ours.
    h.sandbox.knobs.blockLibraryUserAgents = true;
    try {
      const logStart = h.sandbox.requestLog.length;
      const flow = h.startSignIn({ configPath });
      const authorizeUrl = new URL(await flow.authorizeUrl);

      expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${h.sandbox.issuer}/auth`);
      const keys = [...authorizeUrl.searchParams.keys()];
      expect([...keys].sort()).toEqual(AUTHORIZE_QUERY_KEYS);
      expect(new Set(keys).size).toBe(keys.length);
      const param = (name: string): string | null => authorizeUrl.searchParams.get(name);
      expect(param('response_type')).toBe('code');
      expect(param('client_id')).toBe(h.sandbox.clientId);
      expect(/^http:\/\/127\.0\.0\.1:840[0-4]\/oauth_callback$/.test(param('redirect_uri') ?? '')).toBe(true);
      expect(param('scope')).toBe(h.sandbox.scopes);
      expect(param('code_challenge_method')).toBe('S256');
      expect(/^[A-Za-z0-9_-]{43}$/.test(param('code_challenge') ?? '')).toBe(true);
      expect((param('state') ?? '').length).toBeGreaterThanOrEqual(22);
      expect(authorizeUrl.searchParams.has('prompt')).toBe(false);
      expect(authorizeUrl.searchParams.has('nonce')).toBe(false);

      const { callback } = await deliverCallback(await login(authorizeUrl.href));
      expect(callback.status).toBe(302);
      expect((await settle(flow.result)).ok).toBe(true);

      const apiRequests = h.sandbox.requestLog
        .slice(logStart)
        .filter((r) => r.path === '/auth/config' || r.path.startsWith('/v1/'));
      expect(apiRequests.map((r) => `${r.method} ${r.path}`)).toEqual(
        expect.arrayContaining(['GET /auth/config', 'GET /v1/users', 'GET /v1/organizations']),
      );
      expect(apiRequests.every((r) => r.status === 200)).toBe(true);
    } finally {
      h.sandbox.knobs.blockLibraryUserAgents = false;
    }

    // The control: the same API refuses a request without our agent (undici's default).
    const agent = new Agent({ connect: { ca: h.sandbox.caPem } });
    try {
      const bare = await undiciFetch(`${h.sandbox.apiHost}/auth/config`, { dispatcher: agent });
      await bare.body?.cancel();
      expect(bare.status).toBe(403);
    } finally {
      await agent.close();
    }
    expect((await readFile(configPath, 'utf8')).length).toBeGreaterThan(0);
  });
});
