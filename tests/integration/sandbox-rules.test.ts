import { describe, expect, it } from 'vitest';

import { AccountDirectory, DEFAULT_ACCOUNT } from '../../sandbox/accounts.js';
import { createKnobs } from '../../sandbox/knobs.js';
import { withConsentForOfflineAccess } from '../../sandbox/offline-access-consent.js';
import { isAcceptedUserAgent } from '../../sandbox/user-agent.js';

describe('withConsentForOfflineAccess', () => {
  const rewrite = (query: string): string | undefined =>
    withConsentForOfflineAccess(new URLSearchParams(query))?.get('prompt') ?? undefined;

  it('adds consent to requests for offline_access', () => {
    expect(rewrite('scope=openid+offline_access&state=s')).toBe('consent');
    expect(rewrite('scope=openid+offline_access&prompt=login')).toBe('login consent');
  });

  it('leaves other requests alone', () => {
    expect(rewrite('scope=openid+email')).toBeUndefined();
    expect(rewrite('scope=openid+offline_access&prompt=consent')).toBeUndefined();
    expect(rewrite('scope=openid+offline_access&prompt=none')).toBeUndefined();
  });

  it('keeps every other parameter', () => {
    const query = new URLSearchParams({ scope: 'openid offline_access', state: 's', code_challenge: 'c' });
    const rewritten = withConsentForOfflineAccess(query);
    expect(Object.fromEntries(rewritten ?? [])).toEqual({ ...Object.fromEntries(query), prompt: 'consent' });
  });
});

describe('isAcceptedUserAgent', () => {
  it('wants Name/version', () => {
    for (const agent of ['PipecatCloudCLI/1.4.0', 'pipecat-tray/0.1.0 (linux; x64)', 'Mozilla/5.0 (X11)']) {
      expect(isAcceptedUserAgent(agent, false), agent).toBe(true);
    }
    for (const agent of [undefined, '', 'node', 'curl', 'Name/', '/1.0', 'Na me/1.0']) {
      expect(isAcceptedUserAgent(agent, false), String(agent)).toBe(false);
    }
  });

  it('optionally refuses HTTP libraries’ defaults', () => {
    expect(isAcceptedUserAgent('Python-urllib/3.11', false)).toBe(true);
    expect(isAcceptedUserAgent('Python-urllib/3.11', true)).toBe(false);
    expect(isAcceptedUserAgent('Python/3.11 aiohttp/3.9.5', true)).toBe(false);
    expect(isAcceptedUserAgent('PipecatCloudCLI/1.4.0', true)).toBe(true);
  });
});

describe('AccountDirectory', () => {
  it('logs in by any email (any case) or by userId, with the right password only', () => {
    const accounts = new AccountDirectory([DEFAULT_ACCOUNT]);
    expect(accounts.authenticate('DEV@example.com', 'sandbox-password')?.userId).toBe('user_sandbox_1');
    expect(accounts.authenticate('user_sandbox_1', 'sandbox-password')?.userId).toBe('user_sandbox_1');
    expect(accounts.authenticate('dev@example.com', 'wrong')).toBeUndefined();
    expect(accounts.authenticate('nobody@example.com', 'sandbox-password')).toBeUndefined();
  });

  it('copies specs, so one sandbox’s changes do not leak into the defaults', () => {
    const accounts = new AccountDirectory([DEFAULT_ACCOUNT]);
    accounts.primary.organizations.push({ name: 'extra', verboseName: 'Extra' });
    expect(DEFAULT_ACCOUNT.organizations).toHaveLength(2);
    expect(() => accounts.add({ userId: 'user_sandbox_1', password: 'x' })).toThrow(/already exists/);
  });
});

describe('knobs', () => {
  it('validates numbers', () => {
    const knobs = createKnobs();
    expect(knobs.accessTokenTtlSeconds).toBe(86_400);
    expect(() => (knobs.accessTokenTtlSeconds = 1.5)).toThrow(RangeError);
    expect(() => (knobs.latencyMs = -1)).toThrow(RangeError);
    expect(() => knobs.failNextTokenRequests(-1)).toThrow(RangeError);
    expect(() => createKnobs(0)).toThrow(RangeError);
  });

  it('hands out injected failures in order, then none', () => {
    const knobs = createKnobs();
    knobs.failNextTokenRequests(2, 401);
    expect(knobs.takeTokenFailure()).toEqual({ status: 401, error: 'invalid_client' });
    expect(knobs.takeTokenFailure()).toEqual({ status: 401, error: 'invalid_client' });
    expect(knobs.takeTokenFailure()).toBeUndefined();
  });
});
