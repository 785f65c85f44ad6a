import { describe, expect, it } from 'vitest';
import type { Fetch } from '../../main/core/http/fetch.js';
import { checkNetwork } from '../../main/core/doctor/network.js';
import { proxyHint } from '../../main/core/doctor/proxy-hint.js';

const API = 'https://api.test';
const ISSUER = 'https://idp.test';
// Half a second past: the Date header (whole seconds) truncates it, as real servers do.
const NOW = Date.parse('2026-03-01T12:00:00.500Z');

function fakeApi(options: { date?: string | null; status?: number; issuerDown?: boolean } = {}): Fetch {
  return async (input) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const date = options.date === undefined ? new Date(NOW).toUTCString() : options.date;
    if (date !== null) headers['date'] = date;
    if (url.origin === API && url.pathname === '/auth/config') {
      const body = { issuer: ISSUER, client_id: 'c', scopes: 'openid' };
      return new Response(JSON.stringify(body), { status: options.status ?? 200, headers });
    }
    if (url.origin === ISSUER && !options.issuerDown) {
      const metadata = {
        issuer: ISSUER,
        authorization_endpoint: `${ISSUER}/authorize`,
        token_endpoint: `${ISSUER}/token`,
      };
      return new Response(JSON.stringify(metadata), { status: 200, headers });
    }
    throw new TypeError('fetch failed');
  };
}

async function run(fetch: Fetch, env: NodeJS.ProcessEnv = {}) {
  const results = await checkNetwork({
    apiHost: API,
    fetch,
    env,
    allowInsecureLoopback: false,
    now: () => NOW,
  });
  return new Map(results.map((r) => [r.id, r]));
}

describe('checkNetwork', () => {
  it('is ok when the API and issuer answer and the clocks agree', async () => {
    const results = await run(fakeApi());
    expect([...results.values()].map((r) => [r.id, r.verdict])).toEqual([
      ['api', 'ok'],
      ['issuer', 'ok'],
      ['clock', 'ok'],
    ]);
  });

  it('fails an unreachable API with a proxy hint and leaves the issuer and clock unknown', async () => {
    const results = await run(() => Promise.reject(new TypeError('fetch failed')), {});
    expect(results.get('api')).toMatchObject({
      verdict: 'fail',
      detail: `${API}/auth/config cannot be reached.`,
    });
    expect(results.get('api')?.fix).toMatch(/^No HTTPS_PROXY or HTTP_PROXY is set/);
    expect(results.get('issuer')?.verdict).toBe('warn');
    expect(results.get('clock')?.detail).toMatch(/^Unknown: the API did not answer/);
  });

  it('fails an API answering an error status', async () => {
    const results = await run(fakeApi({ status: 503 }));
    expect(results.get('api')).toMatchObject({
      verdict: 'fail',
      detail: `${API}/auth/config answered HTTP 503.`,
    });
  });

  it('fails an unreachable issuer with the proxy hint', async () => {
    const results = await run(fakeApi({ issuerDown: true }), { HTTPS_PROXY: 'http://proxy.corp:8080' });
    expect(results.get('issuer')?.verdict).toBe('fail');
    expect(results.get('issuer')?.fix).toContain('proxy.corp:8080');
  });

  it('fails a clock more than 60 s off the Date header, either way', async () => {
    const ahead = await run(fakeApi({ date: new Date(NOW - 120_000).toUTCString() }));
    expect(ahead.get('clock')).toMatchObject({
      verdict: 'fail',
      detail: expect.stringMatching(/^120 s ahead of/),
    });
    const behind = await run(fakeApi({ date: new Date(NOW + 90_000).toUTCString() }));
    expect(behind.get('clock')).toMatchObject({
      verdict: 'fail',
      detail: expect.stringMatching(/^90 s behind/),
    });
    const near = await run(fakeApi({ date: new Date(NOW + 45_000).toUTCString() }));
    expect(near.get('clock')?.verdict).toBe('ok');
  });

  it('warns when there is no usable Date header', async () => {
    expect((await run(fakeApi({ date: null }))).get('clock')?.verdict).toBe('warn');
    expect((await run(fakeApi({ date: 'yesterday-ish' }))).get('clock')?.verdict).toBe('warn');
  });
});

describe('proxyHint', () => {
  it('names the proxy host but never its credentials', () => {
    const hint = proxyHint({ HTTPS_PROXY: 'http://me:hunter2@proxy.corp:3128', http_proxy: 'http://x' });
    expect(hint).toContain('HTTPS_PROXY and http_proxy are set (HTTPS_PROXY points at proxy.corp:3128)');
    expect(hint).not.toContain('hunter2');
    expect(proxyHint({ HTTP_PROXY: 'not a url' })).toContain('points at an unparseable URL');
  });
});
