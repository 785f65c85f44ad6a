/**
 * Signing out while the revocation service is down: the credentials leave the file at once and
 * the message says the truth (the session can still be refreshed until it is revoked). The tray
 * (its own sign-out) and the daemon (a `pipecat-tray logout` beside it) keep the refresh token in
 * memory and try again until the service, back up, revokes the session for real.
 */
import { describe, expect, it } from 'vitest';
import { memoryPreferences } from './support/memory-preferences.js';
import { TrayService } from '../main/core/app/tray-service.js';
import {
  accountActionsSuite,
  leakedSecrets,
  signInOAuth,
  tryRefreshGrant,
} from './account-actions-support.js';
import { startDaemon } from './support/daemon.js';

const suite = accountActionsSuite();
const STILL_ALIVE = 'the session can still be refreshed until it is revoked';
const isLogout = (status?: number) => (request: { path: string; status: number }) =>
  request.path === '/auth/logout' && (status === undefined || request.status === status);

describe('sign-out while the revocation service is down', () => {
  it('the tray: says so, then its background retry revokes the session once the service is back', async () => {
    const { sandbox, harness } = suite;
    const file = suite.newConfigPath();
    const signedIn = await signInOAuth(harness, file);
    const service = new TrayService({
      configPath: file,
      hostFor: () => sandbox.apiHost,
      fetchFor: () => harness.fetch,
      openInBrowser: async () => undefined,
      openExternal: async () => undefined,
      preferences: memoryPreferences(),
      autoStart: { setEnabled: async () => undefined },
      notify: () => undefined,
    });
    await service.start();
    try {
      sandbox.knobs.logoutStatus = 503;
      const revokedBefore = sandbox.counters.grantsRevoked;
      const result = await service.signOut();
      expect(result).toEqual({
        ok: true,
        message: `Signed out on this machine, but the revocation service is down: ${STILL_ALIVE}; this app keeps trying to revoke it in the background until Pipecat Cloud confirms.`,
      });
      expect(service.state.status).toBe('signed_out');
      expect(service.pendingRevocations).toBe(1);
      expect(sandbox.counters.grantsRevoked).toBe(revokedBefore);

      const revoked = sandbox.nextRequest(isLogout(200));
      sandbox.knobs.logoutStatus = null;
      await revoked;
      expect(sandbox.counters.grantsRevoked).toBe(revokedBefore + 1);
      await expect(tryRefreshGrant(sandbox, signedIn.refreshToken)).resolves.toEqual({
        status: 400,
        error: 'invalid_grant',
      });
    } finally {
      sandbox.knobs.logoutStatus = null;
      service.stop();
    }
  });

  it('the daemon: pipecat-tray logout beside it says how to retry, and the daemon retries until revoked', async () => {
    const { sandbox, harness } = suite;
    const file = suite.newConfigPath();
    const signedIn = await signInOAuth(harness, file);
    const daemon = await startDaemon({
      apiHost: sandbox.apiHost,
      configPath: file,
      env: { NODE_EXTRA_CA_CERTS: sandbox.caFile },
    });
    try {
      await daemon.waitForLog(/^signed in as /);
      sandbox.knobs.logoutStatus = 503;
      const logout = await suite.tray(file, ['logout']);
      expect(logout.code).toBe(0);
      expect(logout.stdout).toContain(
        `the revocation service is down: ${STILL_ALIVE}. To retry, sign out while`,
      );
      await daemon.waitForLog(/^the session was signed out; making sure Pipecat Cloud revokes it/);

      // The daemon's first try, after leaving the terminal command its time: still down.
      const timeoutMs = 60_000;
      await daemon.waitForLog(
        /^could not revoke the session .*: the revocation service is down; trying again/,
        {
          timeoutMs,
        },
      );
      sandbox.knobs.logoutStatus = null;
      await daemon.waitForLog(/^Pipecat Cloud revoked the session signed out on this machine$/, {
        timeoutMs,
      });
      await expect(tryRefreshGrant(sandbox, signedIn.refreshToken)).resolves.toEqual({
        status: 400,
        error: 'invalid_grant',
      });
    } finally {
      sandbox.knobs.logoutStatus = null;
      await daemon.stop();
      suite.transcripts.push(...Object.values(daemon.output()));
    }
  });

  it('printed no secret anywhere', () => {
    const { leaked, known } = leakedSecrets(suite.sandbox, suite.transcripts);
    expect(known).toBeGreaterThan(0);
    expect(leaked, 'a secret appeared in the output').toBe(0);
  });
});
