import { discoverProvider, type Provider } from '../discovery/discover.js';
import type { Fetch } from '../http/fetch.js';
import type { Clock } from '../session/clock.js';
import { requestDeviceToken, startDeviceAuthorization, type DevicePrompt } from './device-authorization.js';
import { pollForDeviceTokens } from './device-poll.js';
import { tokenSetFrom } from './exchange-code.js';
import {
  saveAccount,
  unlessCancelled,
  type CredentialsTarget,
  type SignInResult,
  type SignInStep,
} from './sign-in.js';

export interface DeviceSignInDependencies {
  /** Already wrapped with our User-Agent. */
  fetch: Fetch;
  credentials: CredentialsTarget;
  /** Time and the timers between polls; by default the system's, kept referenced (see below). */
  clock?: Clock;
}

export interface DeviceSignInOptions {
  apiHost: string;
  allowInsecureLoopback?: boolean;
  signal?: AbortSignal;
  /** A provider discovered earlier; discovery runs when absent. */
  provider?: Provider;
  /** Where to send the user and which code to enter: shown to the user, once. */
  onDevicePrompt?: (prompt: DevicePrompt) => void;
  onStep?: (step: SignInStep) => void;
}

/**
 * The system clock with timers that keep the process alive: in the terminal, the wait between
 * polls is all there is to wait for (the session's clock unrefs its timers).
 */
const pollingClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => ({ id: setTimeout(callback, ms) }),
  clearTimeout: (handle) => clearTimeout(handle.id as NodeJS.Timeout),
};

/**
 * The device authorization grant (RFC 8628), for a machine whose user signs in on another
 * device: discovery, the device code, the prompt, polling until approval, then the same account
 * check and file write as the browser sign-in.
 */
export async function signInWithDeviceCode(
  deps: DeviceSignInDependencies,
  options: DeviceSignInOptions,
): Promise<SignInResult> {
  const clock = deps.clock ?? pollingClock;
  const allowInsecure = options.allowInsecureLoopback ?? false;
  options.onStep?.('discovering');
  await deps.credentials.checkWritable();
  const provider =
    options.provider ??
    (await unlessCancelled(
      discoverProvider({ apiHost: options.apiHost, fetch: deps.fetch, allowInsecureLoopback: allowInsecure }),
      options.signal,
    ));
  const authorization = await unlessCancelled(
    startDeviceAuthorization(provider, allowInsecure),
    options.signal,
  );
  const { deviceCode, intervalSeconds, ...prompt } = authorization;
  options.onStep?.('waiting_for_browser');
  options.onDevicePrompt?.(prompt);
  const response = await pollForDeviceTokens({
    request: () => requestDeviceToken(provider, deviceCode),
    intervalSeconds,
    expiresInSeconds: authorization.expiresInSeconds,
    clock,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return saveAccount(deps, options.apiHost, tokenSetFrom(response, clock.now()), options.onStep);
}
