import { UserFacingError } from '../errors.js';
import type { RefreshOutcome } from '../session/refresher.js';
import { PAT_PREFIX } from '../status/account-status.js';

export interface RefreshReport {
  /** True when the file now holds a freshly refreshed access token. */
  ok: boolean;
  message: string;
}

/** What a manual refresh (`Refresher.refreshNow`) did, as one sentence for the user. */
export function describeRefreshOutcome(outcome: RefreshOutcome): RefreshReport {
  switch (outcome.kind) {
    case 'refreshed':
      return {
        ok: true,
        message: `Refreshed the access token; it now expires ${at(outcome.credentials.tokenExpiresAt)}.`,
      };
    case 'adopted':
      // Another process refreshed just before us: the file is fresh, which is what was asked for.
      return {
        ok: true,
        message: `Another program had just refreshed the session; its access token expires ${at(outcome.credentials.tokenExpiresAt)}.`,
      };
    case 'not_due':
      return {
        ok: true,
        message: `The access token is still fresh; it expires ${at(outcome.credentials.tokenExpiresAt)}.`,
      };
    case 'waiting':
      return {
        ok: false,
        message: `A Pipecat Cloud CLI command may be refreshing the session; checking again ${at(outcome.untilMs / 1000)}.`,
      };
    case 'no_session': {
      const credentials = outcome.credentials;
      if (!credentials) return { ok: false, message: 'Not signed in: there is nothing to refresh.' };
      if (credentials.token.startsWith(PAT_PREFIX) && credentials.refreshToken === '') {
        return {
          ok: false,
          message:
            'Signed in with a personal access token: it does not expire, so there is nothing to refresh.',
        };
      }
      return { ok: false, message: 'There is no refresh token for this session: sign in again.' };
    }
    case 'expired':
      return {
        ok: false,
        message: 'The session has ended (signed out elsewhere, or the refresh token expired): sign in again.',
      };
    case 'failed':
      return { ok: false, message: `Could not refresh the session: ${outcome.failure.message}` };
    case 'file_error':
      return {
        ok: false,
        message:
          outcome.error instanceof UserFacingError
            ? outcome.error.message
            : 'The credentials file could not be used; nothing was refreshed.',
      };
  }
}

/** "at 2026-05-01T10:00:00Z": whole seconds, UTC, readable by people and scripts alike. */
function at(epochSeconds: number): string {
  const iso = new Date(epochSeconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  return `at ${iso}`;
}
