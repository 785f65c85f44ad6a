/** How a sign-out went, for the message; the local credentials are gone in every case but the last. */
export type SignOutOutcome =
  | { kind: 'revoked' }
  /** The identity provider no longer knew the refresh token: nothing was left to revoke. */
  | { kind: 'already_ended' }
  /** `/auth/logout` answered 503. */
  | { kind: 'service_down' }
  /** `/auth/logout` could not be reached, or did not answer in time. */
  | { kind: 'unreachable' }
  | { kind: 'not_confirmed'; status: number }
  /** A personal access token: never sent to `/auth/logout`; only the dashboard revokes it. */
  | { kind: 'pat' }
  /** An OAuth access token without a refresh token: there is no session to revoke. */
  | { kind: 'no_refresh_token'; tokenExpiresAt: number }
  | { kind: 'not_signed_in' };

export interface SignOutMessageContext {
  apiHost: string;
  configPath: string;
  dashboardHost: string;
  /** The tray and the daemon go on trying to revoke in the background; the terminal command cannot. */
  retrying: boolean;
}

/** True while the refresh token is alive at the provider: anyone holding it can still refresh. */
const STILL_ALIVE = 'the session can still be refreshed until it is revoked';

/** One honest sentence per outcome: what happened here, and what did not happen at Pipecat Cloud. */
export function signOutMessage(outcome: SignOutOutcome, context: SignOutMessageContext): string {
  switch (outcome.kind) {
    case 'revoked':
      return 'Signed out: Pipecat Cloud revoked the session and its credentials were removed from this machine.';
    case 'already_ended':
      return 'Signed out: the session had already ended at Pipecat Cloud, and its credentials were removed from this machine.';
    case 'service_down':
      return `Signed out on this machine, but the revocation service is down: ${STILL_ALIVE}${retry(context)}`;
    case 'unreachable':
      return `Signed out on this machine, but Pipecat Cloud could not be reached to revoke the session: ${STILL_ALIVE}${retry(context)}`;
    case 'not_confirmed':
      return `Signed out on this machine, but Pipecat Cloud answered HTTP ${outcome.status} and did not confirm the revocation: ${STILL_ALIVE}${retry(context)}`;
    case 'pat':
      return `Removed the personal access token from this machine; it stays valid until you revoke it at ${context.dashboardHost}.`;
    case 'no_refresh_token':
      return `Signed out on this machine; there was no refresh token to revoke, so the access token stays valid until it expires${at(outcome.tokenExpiresAt)}.`;
    case 'not_signed_in':
      return `Nothing to sign out of: ${context.configPath} holds no credentials for ${context.apiHost}.`;
  }
}

/**
 * How the revocation is retried. The terminal command ends, and the refresh token (now only in
 * its memory) with it; a daemon or tray app following the same file saw the session and retries.
 */
function retry(context: SignOutMessageContext): string {
  if (context.retrying)
    return '; this app keeps trying to revoke it in the background until Pipecat Cloud confirms.';
  return '. To retry, sign out while `pipecat-tray daemon` or the tray app runs for this file: either keeps trying until Pipecat Cloud confirms (one running now already does).';
}

/** " at 2030-01-01T00:00:00Z", or nothing when the expiry is unknown. */
function at(epochSeconds: number): string {
  if (!(epochSeconds > 0)) return '';
  return ` at ${new Date(epochSeconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z')}`;
}
