import type { AccountRuntime } from '../core/session/account-runtime.js';
import { systemClock } from '../core/session/clock.js';
import {
  RevocationKeeper,
  SIGNED_OUT_ELSEWHERE_GRACE_MS,
  sessionToRevoke,
  type RevocationReport,
} from '../core/revocation/keeper.js';
import { revocationAttempt } from '../core/revocation/attempt.js';
import { describeRelative } from './output.js';

/**
 * The daemon's part in signing out: a session that leaves the file (`pipecat-tray logout`, `pcc
 * auth logout`, the file deleted) is revoked at the provider, retried until it is confirmed, the
 * refresh token kept only in this process's memory meanwhile. Returns the function that stops it.
 */
export function revokeSessionsSignedOutElsewhere(
  runtime: AccountRuntime,
  log: (line: string) => void,
): () => void {
  const keeper = new RevocationKeeper({
    attempt: revocationAttempt({ api: runtime.api, provider: runtime.provider }),
    clock: systemClock,
    random: Math.random,
    onReport: (report) => log(describeRevocationReport(report, Date.now())),
  });
  const unsubscribe = runtime.session.onSessionRemoved((credentials) => {
    const seconds = Math.round(SIGNED_OUT_ELSEWHERE_GRACE_MS / 1000);
    log(`the session was signed out; making sure Pipecat Cloud revokes it (first try in ${seconds} s)`);
    keeper.revokeLater(sessionToRevoke(runtime.store.apiHost, credentials), SIGNED_OUT_ELSEWHERE_GRACE_MS);
  });
  return () => {
    unsubscribe();
    keeper.stop();
  };
}

/** A revocation try in words, for the log (never a token). */
export function describeRevocationReport(report: RevocationReport, nowMs: number): string {
  const next =
    report.retryAtMs === undefined ? '' : `; trying again ${describeRelative(report.retryAtMs, nowMs)}`;
  const failed = 'could not revoke the session signed out on this machine:';
  switch (report.outcome) {
    case 'revoked':
      return 'Pipecat Cloud revoked the session signed out on this machine';
    case 'already_ended':
      return 'the session signed out on this machine had already ended at Pipecat Cloud';
    case 'service_down':
      return `${failed} the revocation service is down${next}`;
    case 'unreachable':
      return `${failed} Pipecat Cloud could not be reached${next}`;
    case 'not_confirmed':
      return `${failed} Pipecat Cloud answered HTTP ${report.status ?? '?'}${next}`;
  }
}
