import { describe, expect, it } from 'vitest';
import { classifyCallbackRequest } from '../../main/core/loopback/classify-request.js';

const expected = { port: 8400, state: 'state-abc' };
const host = '127.0.0.1:8400';
const get = (target: string, overrides: Partial<{ method: string; host: string }> = {}) =>
  classifyCallbackRequest({ method: 'GET', host, target, ...overrides }, expected);

describe('classifyCallbackRequest', () => {
  it('accepts the callback with the right state and a code', () => {
    const result = get('/oauth_callback?code=c1&state=state-abc');
    expect(result.kind).toBe('code');
    if (result.kind === 'code') expect(result.code).toBe('c1');
  });

  it('checks state before reading code or error', () => {
    expect(get('/oauth_callback?code=c1&state=wrong').kind).toBe('state_mismatch');
    expect(get('/oauth_callback?error=access_denied&state=wrong').kind).toBe('state_mismatch');
    expect(get('/oauth_callback?code=c1').kind).toBe('state_mismatch');
    expect(get('/oauth_callback?code=c1&state=state-abc&state=state-abc').kind).toBe('state_mismatch');
  });

  it('reports a provider error only with the right state', () => {
    expect(get('/oauth_callback?error=access_denied&error_description=no&state=state-abc')).toEqual({
      kind: 'provider_error',
      error: 'access_denied',
      description: 'no',
    });
  });

  it('keeps waiting on a missing or repeated code', () => {
    expect(get('/oauth_callback?state=state-abc').kind).toBe('missing_code');
    expect(get('/oauth_callback?state=state-abc&code=').kind).toBe('missing_code');
    expect(get('/oauth_callback?state=state-abc&code=a&code=b').kind).toBe('missing_code');
  });

  it('routes everything else away', () => {
    expect(get('/favicon.ico').kind).toBe('not_found');
    expect(get('/').kind).toBe('not_found');
    expect(get('/oauth_callback/../oauth_callbackx?state=state-abc&code=c').kind).toBe('not_found');
    expect(get('/oauth_callback?code=c&state=state-abc', { method: 'POST' }).kind).toBe('method_not_allowed');
    expect(get('/oauth_callback?code=c&state=state-abc', { host: 'localhost:8400' }).kind).toBe('not_found');
    expect(get('/oauth_callback?code=c&state=state-abc', { host: 'evil.example:8400' }).kind).toBe(
      'not_found',
    );
    expect(get(`/oauth_callback?code=c&state=state-abc&pad=${'x'.repeat(8200)}`).kind).toBe('too_long');
    expect(get('/oauth_callback/result').kind).toBe('result_page');
  });
});

describe('the state check', () => {
  it('compares exactly, whatever the lengths', () => {
    const statesMatch = (received: string, state: string): boolean =>
      classifyCallbackRequest(
        { method: 'GET', host, target: `/oauth_callback?code=c1&state=${received}` },
        { port: 8400, state },
      ).kind === 'code';
    expect(statesMatch('abc', 'abc')).toBe(true);
    expect(statesMatch('abc', 'abd')).toBe(false);
    expect(statesMatch('ab', 'abc')).toBe(false);
    expect(statesMatch('', 'abc')).toBe(false);
  });
});
