export const FAILURE_REASONS = [
  'provider_error',
  'access_denied',
  'state_mismatch',
  'exchange_failed',
  'cancelled',
  'timed_out',
  'internal',
] as const;

export type FailureReason = (typeof FAILURE_REASONS)[number];

export interface FailureCopy {
  /** The heading: what happened, in a few words. */
  title: string;
  /** Why, and whether anything is wrong on the user's side. */
  explanation: string;
  /** The label over the optional detail text. */
  detailLabel: string;
}

export const SUCCESS_TITLE = "You're signed in";
export const SUCCESS_HINT = 'You can close this tab and return to your terminal or the tray.';

export const FAILURE_COPY: Readonly<Record<FailureReason, FailureCopy>> = Object.freeze({
  access_denied: {
    title: 'Sign-in was cancelled at Pipecat Cloud',
    explanation: 'Access was declined on the Pipecat Cloud sign-in page, so the app was not signed in.',
    detailLabel: 'Message from Pipecat Cloud',
  },
  provider_error: {
    title: "Pipecat Cloud couldn't complete sign-in",
    explanation: 'The sign-in service stopped with an error before handing back to the app.',
    detailLabel: 'Message from Pipecat Cloud',
  },
  state_mismatch: {
    title: 'This sign-in link is stale or was not started here',
    explanation:
      "It doesn't match the sign-in the app is waiting for, so it was ignored. It may be from an old " +
      'tab, or someone may be trying to sign you in to their account.',
    detailLabel: 'Details',
  },
  exchange_failed: {
    title: "We couldn't finish signing you in",
    explanation:
      'You signed in at Pipecat Cloud, but the app could not exchange that sign-in for a session. ' +
      'This is usually temporary, so please try again.',
    detailLabel: 'Details',
  },
  cancelled: {
    title: 'Sign-in was cancelled',
    explanation: 'Sign-in was stopped from the app before it finished. You can close this tab.',
    detailLabel: 'Details',
  },
  timed_out: {
    title: 'Sign-in timed out',
    explanation: 'Sign-in has to be finished within 5 minutes, and this one took longer.',
    detailLabel: 'Details',
  },
  internal: {
    title: 'Something went wrong',
    explanation: 'An unexpected error stopped sign-in inside the app.',
    detailLabel: 'Details',
  },
});
