import type { Organization } from '../api/types.js';
import { displayText } from '../../shared/display-text.js';

export type AccountStatusKind = 'signed_out' | 'signing_in' | 'oauth' | 'pat' | 'expired' | 'error';

/** What every shell shows about the account; never a secret. */
export interface AccountState {
  status: AccountStatusKind;
  apiHost: string;
  configPath: string;
  email?: string;
  userId?: string;
  org?: string;
  orgVerboseName?: string;
  organizations?: Organization[];
  /** Epoch seconds; OAuth only. */
  tokenExpiresAt?: number;
  /** Epoch ms of the next planned refresh; OAuth only. */
  nextRefreshAtMs?: number;
  /** One sentence for the user when something needs attention (or went wrong quietly). */
  lastError?: string;
}

/** The line a log or a tooltip shows for a state; safe to show (names and messages included). */
export function describeState(state: AccountState): string {
  return displayText(stateWords(state));
}

function stateWords(state: AccountState): string {
  const who = state.email ?? state.userId ?? 'unknown user';
  const org = state.org ? ` · ${state.orgVerboseName ?? state.org} (${state.org})` : '';
  switch (state.status) {
    case 'signed_out':
      return `signed out of ${state.apiHost}`;
    case 'signing_in':
      return `signing in to ${state.apiHost}`;
    case 'oauth':
      return `signed in as ${who}${org} with OAuth`;
    case 'pat':
      return `signed in as ${who}${org} with a personal access token`;
    case 'expired':
      return `session expired for ${state.apiHost}: sign in again`;
    case 'error':
      return `needs attention: ${state.lastError ?? 'unknown problem'}`;
  }
}
