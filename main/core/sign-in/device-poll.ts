import { UserFacingError } from '../errors.js';
import type { Clock } from '../session/clock.js';
import type { DevicePollAnswer } from './device-authorization.js';
import { providerError, SignInAbortedError } from './sign-in.js';

/** RFC 8628 §3.2: the interval when the provider gives none. */
export const DEFAULT_POLL_INTERVAL_SECONDS = 5;
/** RFC 8628 §3.5: each `slow_down` adds five seconds to the interval, for good. */
export const SLOW_DOWN_STEP_SECONDS = 5;
/** A floor, so a provider advertising a tiny interval is not flooded. */
export const MIN_POLL_INTERVAL_SECONDS = 1;
/**
 * The provider says `expired_token` once the code has expired; this only stops a poll whose
 * provider never does, this long after the code's own expiry.
 */
export const EXPIRY_GRACE_MS = 30_000;

export type DeviceTokenResponse = Extract<DevicePollAnswer, { kind: 'tokens' }>['response'];

export interface DevicePollOptions {
  /** One request to the token endpoint. */
  request: () => Promise<DevicePollAnswer>;
  intervalSeconds: number | undefined;
  expiresInSeconds: number;
  clock: Clock;
  signal?: AbortSignal;
}

export function deviceCodeExpiredError(): UserFacingError {
  return new UserFacingError(
    'The sign-in code expired before it was approved; run pipecat-tray login --device again for a new one.',
    'device_code_expired',
  );
}

/**
 * Polls the token endpoint until the user approves or denies on their other device, or the code
 * expires: waits `interval` before every request, keeps waiting on `authorization_pending`,
 * waits five seconds more from then on after `slow_down`, and asks again after an answer that
 * was no OAuth answer at all (a network error). A cancel ends it at once.
 */
export async function pollForDeviceTokens(options: DevicePollOptions): Promise<DeviceTokenResponse> {
  const { clock, signal } = options;
  let interval = Math.max(
    MIN_POLL_INTERVAL_SECONDS,
    options.intervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS,
  );
  const giveUpAt = clock.now() + options.expiresInSeconds * 1000 + EXPIRY_GRACE_MS;
  for (;;) {
    await sleep(clock, interval * 1000, signal);
    if (clock.now() >= giveUpAt) throw deviceCodeExpiredError();
    const answer = await options.request();
    // A cancel that came during the request still wins: nothing is saved after the user said stop.
    if (signal?.aborted) throw new SignInAbortedError('cancelled');
    if (answer.kind === 'tokens') return answer.response;
    if (answer.kind === 'unreachable') continue;
    if (answer.error === 'authorization_pending') continue;
    if (answer.error === 'slow_down') {
      interval += SLOW_DOWN_STEP_SECONDS;
      continue;
    }
    if (answer.error === 'expired_token') throw deviceCodeExpiredError();
    throw providerError(answer.error);
  }
}

/** Waits `ms` on `clock`; rejects with a cancelled SignInAbortedError when `signal` aborts first. */
function sleep(clock: Clock, ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new SignInAbortedError('cancelled'));
    const onAbort = (): void => {
      clock.clearTimeout(timer);
      reject(new SignInAbortedError('cancelled'));
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
