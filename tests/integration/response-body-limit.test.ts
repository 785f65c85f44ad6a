/**
 * A server that answers with an endless body must not grow the process until a timeout: every
 * answer the app reads (/auth/config, discovery, the token endpoint, /v1/*) stops at 1 MiB, the
 * request is aborted, and the user reads one sentence. The server here streams 64 MiB at most and
 * stops as soon as the client goes away, so the test ends by itself whatever the app does.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipecatApi } from '../../main/core/api/pipecat-api.js';
import { discoverProvider, type Provider } from '../../main/core/discovery/discover.js';
import { UserFacingError } from '../../main/core/errors.js';
import { limitResponseBody, MAX_RESPONSE_BYTES } from '../../main/core/http/fetch.js';
import { refreshTokens, RefreshFailure } from '../../main/core/session/token-refresh.js';
import { exchangeCode } from '../../main/core/sign-in/exchange-code.js';

const STREAM_LIMIT = 64 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'a');
/** What the server may have written before it noticed the client left: 1 MiB plus buffers. */
const WRITTEN_AT_MOST = 16 * 1024 * 1024;

let server: Server;
let host = '';
/** Paths that stream for ever; others answer a small valid document. */
const endless = new Set<string>();
const written = new Map<string, number>();
const closed = new Map<string, Promise<void>>();

function stream(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '';
  let sent = 0;
  closed.set(path, new Promise((resolve) => res.once('close', () => resolve())));
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"issuer":"');
  const pump = (): void => {
    while (sent < STREAM_LIMIT && !res.destroyed) {
      sent += CHUNK.length;
      written.set(path, sent);
      if (!res.write(CHUNK)) return void res.once('drain', pump);
    }
    res.end('"}');
  };
  pump();
}

function answer(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '').split('?')[0] ?? '';
  if (endless.has(path)) return stream(req, res);
  const json = (body: unknown): void => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (path === '/auth/config') return json({ issuer: `${host}/oidc`, client_id: 'c', scopes: 'openid' });
  if (path === '/oidc/.well-known/openid-configuration') {
    return json({
      issuer: `${host}/oidc`,
      authorization_endpoint: `${host}/oidc/auth`,
      token_endpoint: `${host}/oidc/token`,
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
    });
  }
  if (path === '/v1/users') return json({ user: { userId: 'u1', emails: [] } });
  res.writeHead(404).end();
}

beforeAll(async () => {
  server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const discover = (): Promise<Provider> =>
  discoverProvider({
    apiHost: host,
    fetch: globalThis.fetch,
    allowInsecureLoopback: true,
    timeoutMs: 60_000,
  });

/** The request to `path` ended early: the server saw the client go, long before 64 MiB. */
async function expectCutShort(path: string): Promise<void> {
  await closed.get(path);
  expect(written.get(path) ?? 0).toBeLessThan(WRITTEN_AT_MOST);
}

async function failureOf(work: Promise<unknown>): Promise<Error> {
  const error = await work.then(
    () => undefined,
    (cause: unknown) => cause,
  );
  if (!(error instanceof Error)) throw new Error('expected a failure');
  return error;
}

describe('an endless response body', () => {
  it('/auth/config: one sentence, and the request is cut short', async () => {
    endless.add('/auth/config');
    try {
      const error = await failureOf(discover());
      expect(error).toBeInstanceOf(UserFacingError);
      expect(error.message).toBe(
        `${host} sent an answer larger than 1 MiB, far more than any real one; it was not read.`,
      );
      await expectCutShort('/auth/config');
    } finally {
      endless.delete('/auth/config');
    }
  });

  it('discovery: one sentence, and the request is cut short', async () => {
    const path = '/oidc/.well-known/openid-configuration';
    endless.add(path);
    try {
      const error = await failureOf(discover());
      expect(error).toBeInstanceOf(UserFacingError);
      expect(error.message).toBe(
        `The identity provider ${host}/oidc cannot be used for sign-in: its discovery document is larger than 1 MiB.`,
      );
      await expectCutShort(path);
    } finally {
      endless.delete(path);
    }
  });

  it('the token endpoint, on a refresh and on a sign-in: one sentence, cut short', async () => {
    const provider = await discover();
    endless.add('/oidc/token');
    try {
      const refresh = await failureOf(refreshTokens(provider, 'refresh-token', Date.now));
      expect(refresh).toBeInstanceOf(RefreshFailure);
      expect(refresh.message).toBe('The identity provider sent an answer larger than 1 MiB.');
      await expectCutShort('/oidc/token');
      const callback = new URL('http://127.0.0.1/oauth_callback?code=c&state=s');
      const checks = { codeVerifier: 'v'.repeat(43), state: 's' };
      const exchange = await failureOf(exchangeCode(provider, callback, checks, Date.now));
      expect(exchange).toBeInstanceOf(UserFacingError);
      expect(exchange.message).toBe(
        'The identity provider sent an answer larger than 1 MiB instead of a token; please sign in again later.',
      );
      await expectCutShort('/oidc/token');
    } finally {
      endless.delete('/oidc/token');
    }
  });

  it('/v1/users: one sentence, cut short', async () => {
    endless.add('/v1/users');
    try {
      const error = await failureOf(PipecatApi.create(host, globalThis.fetch).getUser('token'));
      expect(error).toBeInstanceOf(UserFacingError);
      expect(error.message).toBe(
        `${host} sent an answer larger than 1 MiB, far more than any real one; it was not read.`,
      );
      await expectCutShort('/v1/users');
    } finally {
      endless.delete('/v1/users');
    }
  });

  it('an answer under the limit passes through whole, with its status, headers and URL', async () => {
    const fetch = limitResponseBody(globalThis.fetch);
    const response = await fetch(`${host}/v1/users`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.url).toBe(`${host}/v1/users`);
    expect(await response.json()).toEqual({ user: { userId: 'u1', emails: [] } });
    expect(MAX_RESPONSE_BYTES).toBe(1024 * 1024);
  });
});
