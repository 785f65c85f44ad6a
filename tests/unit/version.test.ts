import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withUserAgent } from '../../main/core/http/fetch.js';
import { APP_VERSION, USER_AGENT } from '../../main/core/version.js';

describe('version and User-Agent', () => {
  it('matches package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(APP_VERSION).toBe(pkg.version);
    expect(USER_AGENT).toMatch(/^[A-Za-z]+\/\d+\.\d+\.\d+$/);
  });

  it('puts our agent on every request, replacing a library default', async () => {
    const seen: string[] = [];
    const fetch = withUserAgent(async (_input, init) => {
      seen.push(new Headers(init?.headers).get('user-agent') ?? '');
      return new Response('ok');
    });
    await fetch('https://x.example', { headers: { 'user-agent': 'openid-client/6' } });
    await fetch('https://x.example');
    expect(seen).toEqual([USER_AGENT, USER_AGENT]);
  });
});
