/** How a sign-out went, for the message; the local credentials are gone in every case but the last. */
export type SignOutOutcome =
  | { kind: 'revoked' }
  /** `/auth/logout` answered 503. */
  | { kind: 'service_down' }
  /** `/auth/logout` could not be reached, or did not answer in time. */
  | { kind: 'unreachable' }
  | { kind: 'not_confirmed'; status: number }
  /** A personal access token: never sent to `/auth/logout`; only the dashboard revokes it. */
  | { kind: 'pat' }
  /** An OAuth access token without a refresh token: there is no session to revoke. */
  | { kind: 'no_refresh_token' }
  | { kind: 'not_signed_in' };

export interface SignOutMessageContext {
  apiHost: string;
  configPath: string;
  dashboardHost: string;
}

const STILL_VALID = 'the access token stays valid for up to 24 h';

/** One honest sentence per outcome: what happened here, and what did not happen at Pipecat Cloud. */
export function signOutMessage(outcome: SignOutOutcome, context: SignOutMessageContext): string {
  switch (outcome.kind) {
    case 'revoked':
      return 'Signed out: Pipecat Cloud revoked the session and its credentials were removed from this machine.';
    case 'service_down':
      return `Signed out on this machine, but the revocation service is down: ${STILL_VALID}.`;
    case 'unreachable':
      return `Signed out on this machine, but Pipecat Cloud could not be reached to revoke the session: ${STILL_VALID}.`;
    case 'not_confirmed':
      return `Signed out on this machine, but Pipecat Cloud answered HTTP ${outcome.status} and did not confirm the revocation: ${STILL_VALID}.`;
    case 'pat':
      return `Removed the personal access token from this machine; it stays valid until you revoke it at ${context.dashboardHost}.`;
    case 'no_refresh_token':
      return `Signed out on this machine; there was no refresh token to revoke, so ${STILL_VALID}.`;
    case 'not_signed_in':
      return `Nothing to sign out of: ${context.configPath} holds no credentials for ${context.apiHost}.`;
  }
}
