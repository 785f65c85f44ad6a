import { describe, expect, it } from 'vitest';
import { requestLogout } from '../../main/core/api/logout.js';
import type { Fetch } from '../../main/core/http/fetch.js';

describe('what each answer to POST /auth/logout means', () => {
  it.each([
    [200, 'revoked'],
    [204, 'revoked'],
    [503, 'service_down'],
    [500, 'not_confirmed'],
    [502, 'not_confirmed'],
    [401, 'not_confirmed'],
    [302, 'not_confirmed'],
  ])('%i → %s', async (status, kind) => {
    const fetch: Fetch = async () => new Response(null, { status });
    const outcome = await requestLogout({
      apiHost: 'https://api.example',
      fetch,
      accessToken: 'access',
      refreshToken: 'refresh',
      timeoutMs: 1000,
    });
    expect(outcome.kind).toBe(kind);
  });
});

describe('requestLogout', () => {
  const base = {
    apiHost: 'https://api.example',
    accessToken: 'access',
    refreshToken: 'refresh',
    timeoutMs: 1000,
  };

  it('POSTs the refresh token as JSON with the access token as Bearer', async () => {
    let seen: { url: string; init: RequestInit | undefined } | undefined;
    const fetch: Fetch = async (input, init) => {
      seen = { url: String(input), init };
      return new Response('{}', { status: 200 });
    };
    await expect(requestLogout({ ...base, fetch })).resolves.toEqual({ kind: 'revoked', status: 200 });
    expect(seen?.url).toBe('https://api.example/auth/logout');
    expect(seen?.init?.method).toBe('POST');
    expect(JSON.parse(String(seen?.init?.body))).toEqual({ refresh_token: 'refresh' });
    const headers = new Headers(seen?.init?.headers);
    expect(headers.get('authorization')).toBe('Bearer access');
    expect(headers.get('content-type')).toBe('application/json');
    expect(seen?.init?.redirect).toBe('manual');
  });

  it('a network error is unreachable, not a throw', async () => {
    const fetch: Fetch = async () => {
      throw new TypeError('fetch failed');
    };
    await expect(requestLogout({ ...base, fetch })).resolves.toEqual({
      kind: 'unreachable',
      reason: 'network',
    });
  });

  it('no answer within the timeout is unreachable (timeout)', async () => {
    // Answers only when aborted, like a server that never replies.
    const fetch: Fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    await expect(requestLogout({ ...base, fetch, timeoutMs: 1 })).resolves.toEqual({
      kind: 'unreachable',
      reason: 'timeout',
    });
  });
});
