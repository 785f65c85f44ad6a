import { describe, expect, it } from 'vitest';
import { trayTooltip } from '../../main/electron/menu/index.js';
import { formatDuration } from '../../main/shared/durations.js';
import { accountView as view } from './support/account-view.js';

const NOW = 1_800_000_000_000;

describe('the tray tooltip', () => {
  it('tells the state in words', () => {
    expect(trayTooltip(view(), NOW)).toBe('Pipecat Cloud: signed out');
    expect(trayTooltip(view({ status: 'signing_in' }), NOW)).toBe(
      'Pipecat Cloud: signing in, waiting for the browser',
    );
    expect(trayTooltip(view({ status: 'expired' }), NOW)).toBe(
      'Pipecat Cloud: session expired, sign in again',
    );
    expect(trayTooltip(view({ status: 'error', lastError: 'The file is not valid TOML.' }), NOW)).toBe(
      'Pipecat Cloud: needs attention: The file is not valid TOML.',
    );
  });

  it('names who is signed in, the org and the method', () => {
    const oauth = view({
      status: 'oauth',
      email: 'dev@example.com',
      org: 'acme',
      orgVerboseName: 'Acme Inc.',
      nextRefreshAtMs: NOW + 5 * 3_600_000,
    });
    expect(trayTooltip(oauth, NOW)).toBe(
      'Pipecat Cloud: dev@example.com · Acme Inc. (OAuth, refreshes in 5 h)',
    );
    expect(trayTooltip({ ...oauth, status: 'pat', nextRefreshAtMs: undefined }, NOW)).toBe(
      'Pipecat Cloud: dev@example.com · Acme Inc. (personal access token)',
    );
    expect(trayTooltip({ ...oauth, lastError: 'Could not refresh.' }, NOW)).toBe(
      'Pipecat Cloud: dev@example.com · Acme Inc. (Could not refresh.)',
    );
  });

  it('says which environment when it is not production', () => {
    expect(trayTooltip(view({ environment: 'staging' }), NOW)).toBe('Pipecat Cloud [staging]: signed out');
    expect(trayTooltip(view({ environment: 'custom', customApiHost: 'https://api.example.com' }), NOW)).toBe(
      'Pipecat Cloud [api.example.com]: signed out',
    );
    expect(trayTooltip(view({ environment: 'custom', customApiHost: 'not a url' }), NOW)).toBe(
      'Pipecat Cloud [custom]: signed out',
    );
  });

  it('fits the 127 characters Windows keeps', () => {
    const tip = trayTooltip(view({ status: 'error', lastError: 'x'.repeat(500) }), NOW);
    // Windows keeps at most 127 characters of a notification-area tooltip (NOTIFYICONDATA.szTip).
    expect(tip).toHaveLength(127);
    expect(tip.endsWith('…')).toBe(true);
  });
});

describe('formatDuration', () => {
  it('rounds down to the largest unit a person reads at a glance', () => {
    expect(formatDuration(-5)).toBe('less than a minute');
    expect(formatDuration(59_999)).toBe('less than a minute');
    expect(formatDuration(60_000)).toBe('1 min');
    expect(formatDuration(59 * 60_000 + 59_999)).toBe('59 min');
    expect(formatDuration(3_600_000)).toBe('1 h');
    expect(formatDuration(47 * 3_600_000 + 3_599_999)).toBe('47 h');
    expect(formatDuration(48 * 3_600_000)).toBe('2 d');
  });
});
