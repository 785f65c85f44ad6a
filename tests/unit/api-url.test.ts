import { describe, expect, it } from 'vitest';
import { PipecatApi } from '../../main/core/api/pipecat-api.js';
import { fetchAuthConfig } from '../../main/core/discovery/auth-config.js';
import type { Fetch } from '../../main/core/http/fetch.js';
import { apiUrl } from '../../main/core/http/api-url.js';

const PREFIXED = 'https://gateway.example.com/pipecat';

/** Answers 200 with `body` to anything, remembering the URLs asked for. */
function recordingFetch(body: unknown): { fetch: Fetch; urls: string[] } {
  const urls: string[] = [];
  const fetch: Fetch = async (input) => {
    urls.push(input instanceof Request ? input.url : String(input));
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetch, urls };
}

describe('apiUrl: endpoints joined as the CLI joins them', () => {
  it.each([
    ['https://api.pipecat.daily.co', 'https://api.pipecat.daily.co/v1/users'],
    ['https://api.pipecat.daily.co/', 'https://api.pipecat.daily.co/v1/users'],
    [PREFIXED, `${PREFIXED}/v1/users`],
    [`${PREFIXED}//`, `${PREFIXED}/v1/users`],
    ['http://127.0.0.1:8443', 'http://127.0.0.1:8443/v1/users'],
  ])('%s', (host, expected) => {
    expect(apiUrl(host, '/v1/users').href).toBe(expected);
  });

  it('keeps a path prefix for /v1/users, /auth/logout and /auth/config', async () => {
    const users = recordingFetch({ user: { userId: 'u', emails: [{ emailAddress: 'a@b.c' }] } });
    await PipecatApi.create(PREFIXED, users.fetch).getUser('token');
    const logout = recordingFetch({});
    await PipecatApi.create(PREFIXED, logout.fetch).logout('access', 'refresh');
    const config = recordingFetch({ issuer: 'https://id.example.com', client_id: 'c', scopes: 'openid' });
    await fetchAuthConfig(PREFIXED, config.fetch, 1_000).catch(() => undefined);
    expect([...users.urls, ...logout.urls, ...config.urls]).toEqual([
      `${PREFIXED}/v1/users`,
      `${PREFIXED}/auth/logout`,
      `${PREFIXED}/auth/config`,
    ]);
  });
});
