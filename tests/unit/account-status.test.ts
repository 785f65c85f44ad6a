import { describe, expect, it } from 'vitest';
import { PipecatApi } from '../../main/core/api/pipecat-api.js';
import type { Fetch } from '../../main/core/http/fetch.js';
import { readAccountStatus } from '../../main/core/status/account-status.js';

const HOST = 'https://api.example.com';
const NOW_MS = 1_800_000_000_000;
const refusing: Fetch = async () => new Response('{"error":"unauthorized"}', { status: 401 });

const statusOf = (credentials: { token: string; refreshToken: string; tokenExpiresAt: number }) =>
  readAccountStatus({
    credentials,
    api: PipecatApi.create(HOST, refusing),
    apiHost: HOST,
    configPath: '/tmp/pipecatcloud.toml',
    nowMs: NOW_MS,
  });

describe('readAccountStatus: what a refused token tells the user', () => {
  it('an OAuth token with a refresh token: still signed in, told to refresh first', async () => {
    const status = await statusOf({
      token: 'access',
      refreshToken: 'refresh',
      tokenExpiresAt: NOW_MS / 1000 + 1,
    });
    expect(status).toMatchObject({ signedIn: true, tokenState: 'rejected' });
    expect(status.problem).toBe(
      'Pipecat Cloud rejected the access token: refresh the session, and sign in again only if that fails.',
    );
  });

  it('a personal access token: signed out, told to sign in again', async () => {
    const status = await statusOf({ token: 'pcc_pat_abc', refreshToken: '', tokenExpiresAt: 0 });
    expect(status).toMatchObject({ signedIn: false, tokenState: 'rejected', authMethod: 'pat' });
    expect(status.problem).toBe('Pipecat Cloud rejected the saved token: sign in again.');
  });

  it('an expired token without a refresh token: signed out without asking the API', async () => {
    const status = await statusOf({ token: 'access', refreshToken: '', tokenExpiresAt: NOW_MS / 1000 - 1 });
    expect(status).toMatchObject({ signedIn: false, tokenState: 'expired' });
    expect(status.problem).toMatch(/sign in again/);
  });
});
