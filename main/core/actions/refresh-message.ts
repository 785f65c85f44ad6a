import { UserFacingError } from '../errors.js';
import type { RefreshOutcome } from '../session/refresher.js';
import { PAT_PREFIX } from '../../shared/pat.js';

export interface RefreshReport {
  /** True when the file now holds a freshly refreshed access token. */
  ok: boolean;
  message: string;
}

type Kind = RefreshOutcome['kind'];

interface Words {
  /** For whoever asked for the refresh: Refresh now, `pipecat-tray refresh`. */
  report: RefreshReport;
  /** The daemon's log line for the same outcome of a background refresh; none when nothing happened. */
  log?: string;
}

/**
 * The one wording of every refresh outcome, both ways it is told: a new kind of outcome is one
 * entry here, and no shell can forget it. `next` is "; next check in 12 min", or empty.
 */
const WORDS: { [K in Kind]: (outcome: Extract<RefreshOutcome, { kind: K }>, next: string) => Words } = {
  refreshed: ({ credentials }, next) => ({
    report: {
      ok: true,
      message: `Refreshed the access token; it now expires ${at(credentials.tokenExpiresAt)}.`,
    },
    log: `refreshed the access token${next}`,
  }),
  // Another process refreshed just before us: the file is fresh, which is what was asked for.
  adopted: ({ credentials }, next) => ({
    report: {
      ok: true,
      message: `Another program had just refreshed the session; its access token expires ${at(credentials.tokenExpiresAt)}.`,
    },
    log: `took the newer token written by another program${next}`,
  }),
  not_due: ({ credentials }) => ({
    report: {
      ok: true,
      message: `The access token is still fresh; it expires ${at(credentials.tokenExpiresAt)}.`,
    },
  }),
  // A CLI command may be refreshing after a wake: the app waits for it instead of racing it.
  waiting: ({ untilMs }, next) => ({
    report: {
      ok: false,
      message: `A Pipecat Cloud CLI command may be refreshing the session; checking again ${at(untilMs / 1000)}.`,
    },
    log: `the token is about to expire or has expired and the daemon is late (the machine slept?): leaving it to a CLI command that may be refreshing it${next}`,
  }),
  no_session: ({ credentials }) => ({ report: { ok: false, message: nothingToRefresh(credentials) } }),
  expired: () => ({
    report: {
      ok: false,
      message: 'The session has ended (signed out elsewhere, or the refresh token expired): sign in again.',
    },
    log: 'the refresh token was refused: the session is over, sign in again',
  }),
  failed: ({ failure }, next) => ({
    report: { ok: false, message: `Could not refresh the session: ${failure.message}` },
    log: `refresh failed: ${failure.message}${next}`,
  }),
  file_error: ({ error }) => ({
    report: {
      ok: false,
      message:
        error instanceof UserFacingError
          ? error.message
          : 'The credentials file could not be used; nothing was refreshed.',
    },
    log: 'cannot use the credentials file right now; waiting for it to be fixed',
  }),
};

/** What a manual refresh (`Refresher.refreshNow`) did, as one sentence for the user. */
export function describeRefreshOutcome(outcome: RefreshOutcome): RefreshReport {
  return wordsFor(outcome, '').report;
}

/** The daemon's line for a background refresh, or undefined when nothing happened worth a line. */
export function refreshLogLine(outcome: RefreshOutcome, nextCheck: string | undefined): string | undefined {
  return wordsFor(outcome, nextCheck === undefined ? '' : `; next check ${nextCheck}`).log;
}

function wordsFor(outcome: RefreshOutcome, next: string): Words {
  // The table is keyed by kind, so the entry takes exactly this outcome; TypeScript cannot pair them.
  const words = WORDS[outcome.kind] as (outcome: RefreshOutcome, next: string) => Words;
  return words(outcome, next);
}

function nothingToRefresh(
  credentials: Extract<RefreshOutcome, { kind: 'no_session' }>['credentials'],
): string {
  if (!credentials) return 'Not signed in: there is nothing to refresh.';
  if (credentials.token.startsWith(PAT_PREFIX) && credentials.refreshToken === '') {
    return 'Signed in with a personal access token: it does not expire, so there is nothing to refresh.';
  }
  return 'There is no refresh token for this session: sign in again.';
}

/** "at 2026-05-01T10:00:00Z": whole seconds, UTC, readable by people and scripts alike. */
function at(epochSeconds: number): string {
  const iso = new Date(epochSeconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  return `at ${iso}`;
}
