import { displayText } from '../../shared/display-text.js';
import type { AccountState } from '../session/account-state.js';

/** What the tray tells the user outside its windows. */
export type TrayNotification =
  | { kind: 'signed_in'; title: string; body: string }
  | { kind: 'session_expired'; title: string; body: string }
  | { kind: 'refresh_failing'; title: string; body: string };

/**
 * The notification a state change deserves, if any: sign-in complete, session expired or
 * revoked, and refresh failures only once the session says they matter (lastError is set
 * only when the token is about to expire).
 */
export function notificationFor(previous: AccountState, next: AccountState): TrayNotification | undefined {
  if (next.status === 'expired' && previous.status !== 'expired') {
    return {
      kind: 'session_expired',
      title: 'Pipecat Cloud session expired',
      body: 'You were signed out (the session ended or was revoked). Sign in again to keep the CLI working.',
    };
  }
  const signedIn = next.status === 'oauth' || next.status === 'pat';
  if (signedIn && previous.status === 'signing_in') {
    const org = next.org ? ` · ${next.orgVerboseName ?? next.org}` : '';
    return {
      kind: 'signed_in',
      title: 'Signed in to Pipecat Cloud',
      body: displayText(`${next.email ?? next.userId ?? ''}${org}`),
    };
  }
  if (next.status === 'oauth' && next.lastError && next.lastError !== previous.lastError) {
    return { kind: 'refresh_failing', title: 'Pipecat Cloud session needs attention', body: next.lastError };
  }
  return undefined;
}
