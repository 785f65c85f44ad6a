import { describe, expect, it } from 'vitest';
import type { AccountView } from '../../main/ipc/contract.js';
import { accountName, expiryLine, hostLabel, methodLine, statusBadge } from '../../renderer/account-text.js';
import { formatCountdown } from '../../main/shared/durations.js';
import { checkHttpsUrl } from '../../renderer/https-url.js';

const NOW = 1_700_000_000_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function view(overrides: Partial<AccountView>): AccountView {
  return {
    status: 'oauth',
    apiHost: 'https://api.pipecat.daily.co',
    configPath: '/home/dev/.config/pipecatcloud/pipecatcloud.toml',
    environment: 'production',
    startAtLogin: false,
    ...overrides,
  };
}

describe('formatCountdown', () => {
  it.each([
    [-5_000, 'less than a minute'],
    [59_999, 'less than a minute'],
    [MINUTE, '1 min'],
    [59 * MINUTE + 59_999, '59 min'],
    [HOUR, '1 h'],
    [23 * HOUR + 59 * MINUTE + 59_999, '23 h 59 min'],
    [48 * HOUR, '2 d'],
    [75 * HOUR + 30 * MINUTE, '3 d 3 h'],
  ])('%d ms is "%s"', (ms, text) => {
    expect(formatCountdown(ms)).toBe(text);
  });
});

describe('the account window texts', () => {
  it('method: OAuth with the refresh countdown in the menu’s wording, or the PAT', () => {
    expect(methodLine(view({ nextRefreshAtMs: NOW + 21 * HOUR + 30 * MINUTE }), NOW)).toBe(
      'OAuth · refreshes in 21 h',
    );
    expect(methodLine(view({ nextRefreshAtMs: NOW - 1 }), NOW)).toBe('OAuth · refreshing now');
    expect(methodLine(view({}), NOW)).toBe('OAuth');
    expect(methodLine(view({ status: 'pat', nextRefreshAtMs: NOW + HOUR }), NOW)).toBe(
      'Personal access token',
    );
  });

  it('expiry: a countdown for OAuth tokens only', () => {
    const expiresAt = (NOW + 23 * HOUR + 59 * MINUTE + 30_000) / 1000;
    expect(expiryLine(view({ tokenExpiresAt: expiresAt }), NOW)).toBe('Access token expires in 23 h 59 min');
    expect(expiryLine(view({ tokenExpiresAt: (NOW - 1000) / 1000 }), NOW)).toBe('Access token expired');
    expect(expiryLine(view({ status: 'pat', tokenExpiresAt: expiresAt }), NOW)).toBeUndefined();
    expect(expiryLine(view({ status: 'oauth' }), NOW)).toBeUndefined();
  });

  it('badge: one word or two per state, and "Needs attention" when a signed-in session has a problem', () => {
    expect(statusBadge(view({}))).toEqual({ text: 'Signed in', tone: 'ok' });
    expect(statusBadge(view({ lastError: 'Refresh keeps failing.' }))).toEqual({
      text: 'Needs attention',
      tone: 'danger',
    });
    expect(statusBadge(view({ status: 'signing_in' }))).toEqual({ text: 'Signing in…', tone: 'busy' });
    expect(statusBadge(view({ status: 'expired' }))).toEqual({ text: 'Session expired', tone: 'danger' });
    expect(statusBadge(view({ status: 'error' }))).toEqual({ text: 'Needs attention', tone: 'danger' });
    expect(statusBadge(view({ status: 'signed_out' }))).toEqual({ text: 'Signed out', tone: 'muted' });
  });

  it('names the account by email, else user id, and the host without its scheme', () => {
    expect(accountName(view({ email: 'dev@example.com', userId: 'user_1' }))).toBe('dev@example.com');
    expect(accountName(view({ userId: 'user_1' }))).toBe('user_1');
    expect(hostLabel('https://api.pipecat.daily.co/')).toBe('api.pipecat.daily.co');
    expect(hostLabel('https://127.0.0.1:8443')).toBe('127.0.0.1:8443');
  });
});

describe('the custom host field', () => {
  it('takes an absolute https URL, without a trailing slash', () => {
    expect(checkHttpsUrl(' https://api.example.com/ ')).toEqual({ ok: true, url: 'https://api.example.com' });
  });

  it.each(['', 'api.example.com', 'http://api.example.com', 'ftp://x', 'https://'])('refuses %j', (input) => {
    expect(checkHttpsUrl(input).ok).toBe(false);
  });
});
