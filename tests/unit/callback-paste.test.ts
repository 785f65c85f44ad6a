import { describe, expect, it } from 'vitest';
import { classifyPastedCallback } from '../../main/core/loopback/classify-paste.js';
import { CallbackPaste, type PasteExpectation } from '../../main/core/sign-in/callback-paste.js';

const expected: PasteExpectation = {
  port: 8400,
  redirectUri: 'http://127.0.0.1:8400/oauth_callback',
  state: 'state-abc',
};
const classify = (text: string) => classifyPastedCallback(text, expected);

describe('classifyPastedCallback', () => {
  it('takes the whole callback address, trimmed, as the loopback server would', () => {
    const result = classify('  http://127.0.0.1:8400/oauth_callback?code=c1&state=state-abc\r\n');
    expect(result.kind).toBe('code');
    if (result.kind === 'code') expect(result.code).toBe('c1');
    expect(classify('http://127.0.0.1:8400/oauth_callback?error=access_denied&state=state-abc')).toEqual({
      kind: 'provider_error',
      error: 'access_denied',
      description: undefined,
    });
  });

  it('checks state before reading code or error', () => {
    expect(classify('http://127.0.0.1:8400/oauth_callback?code=c1&state=other').kind).toBe('state_mismatch');
    expect(classify('http://127.0.0.1:8400/oauth_callback?error=access_denied&state=x').kind).toBe(
      'state_mismatch',
    );
    expect(classify('http://127.0.0.1:8400/oauth_callback?code=c1').kind).toBe('state_mismatch');
  });

  it('accepts only http://127.0.0.1:<the port in use>/oauth_callback', () => {
    const query = '?code=c1&state=state-abc';
    expect(classify(`http://127.0.0.1:8401/oauth_callback${query}`).kind).toBe('not_found');
    expect(classify(`http://localhost:8400/oauth_callback${query}`).kind).toBe('not_found');
    expect(classify(`https://127.0.0.1:8400/oauth_callback${query}`).kind).toBe('not_found');
    expect(classify(`http://user:pw@127.0.0.1:8400/oauth_callback${query}`).kind).toBe('not_found');
    expect(classify(`http://127.0.0.1:8400/other${query}`).kind).toBe('not_found');
    expect(classify(`127.0.0.1:8400/oauth_callback${query}`).kind).toBe('not_a_url');
  });

  it('calls garbled text what it is', () => {
    expect(classify('').kind).toBe('not_a_url');
    expect(classify('hello').kind).toBe('not_a_url');
    expect(classify('http://127.0.0.1:8400/oauth_callback?state=state-abc').kind).toBe('missing_code');
    expect(
      classify(`http://127.0.0.1:8400/oauth_callback?state=state-abc&code=${'x'.repeat(9000)}`).kind,
    ).toBe('too_long');
  });
});

describe('CallbackPaste', () => {
  it('refuses a paste when no sign-in waits', () => {
    const paste = new CallbackPaste();
    expect(paste.submit('http://127.0.0.1:8400/oauth_callback?code=c1&state=state-abc')).toEqual({
      accepted: false,
      message: 'No sign-in is waiting for an address.',
    });
  });

  it('keeps waiting through refused pastes, each answered with one sentence, then takes the right one', async () => {
    const paste = new CallbackPaste();
    const wait = new AbortController();
    const outcome = paste.waitFor(expected, wait.signal);
    const refused = [
      'garbage',
      'http://127.0.0.1:8400/oauth_callback?code=c0&state=from-another-attempt',
      'http://127.0.0.1:8400/oauth_callback?state=state-abc',
    ].map((text) => paste.submit(text));
    expect(refused.map((verdict) => verdict.accepted)).toEqual([false, false, false]);
    const messages = refused.map((verdict) => (verdict.accepted ? '' : verdict.message));
    expect(messages[0]).toContain('starts with http://127.0.0.1:8400/oauth_callback?');
    expect(messages[1]).toContain('another sign-in attempt');
    expect(messages[2]).toContain('no sign-in code');
    for (const message of messages) expect(message).toMatch(/^[^\n]+\.$/);
    expect(paste.ended.aborted).toBe(false);

    expect(paste.submit('http://127.0.0.1:8400/oauth_callback?code=c1&state=state-abc')).toEqual({
      accepted: true,
    });
    const taken = await outcome;
    expect(taken.kind).toBe('code');
    if (taken.kind === 'code') {
      expect(taken.callbackUrl.href).toBe('http://127.0.0.1:8400/oauth_callback?code=c1&state=state-abc');
    }
    expect(paste.ended.aborted).toBe(true);
    expect(paste.submit('http://127.0.0.1:8400/oauth_callback?code=c1&state=state-abc').accepted).toBe(false);
  });

  it("hands the provider's refusal on as the loopback server would", async () => {
    const paste = new CallbackPaste();
    const outcome = paste.waitFor(expected, new AbortController().signal);
    paste.submit(
      'http://127.0.0.1:8400/oauth_callback?error=access_denied&error_description=No&state=state-abc',
    );
    await expect(outcome).resolves.toEqual({
      kind: 'provider_error',
      error: 'access_denied',
      description: 'No',
    });
  });

  it('stops waiting when the wait is aborted, and says so to readers', async () => {
    const paste = new CallbackPaste();
    const wait = new AbortController();
    const outcome = paste.waitFor(expected, wait.signal);
    wait.abort(new Error('cancelled'));
    await expect(outcome).rejects.toThrow('cancelled');
    expect(paste.ended.aborted).toBe(true);
    expect(paste.submit('http://127.0.0.1:8400/oauth_callback?code=c1&state=state-abc').accepted).toBe(false);
  });
});
