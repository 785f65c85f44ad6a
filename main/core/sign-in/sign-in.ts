import * as oidc from 'openid-client';
import { loadAccount, noOrganizationError } from '../api/account.js';
import { PipecatApi } from '../api/pipecat-api.js';
import type { AccountSummary } from '../api/types.js';
import { discoverProvider, type Provider } from '../discovery/discover.js';
import { displayText } from '../../shared/display-text.js';
import { UserFacingError } from '../errors.js';
import type { Fetch } from '../http/fetch.js';
import { LoopbackServer, type CallbackOutcome } from '../loopback/loopback-server.js';
import { renderFailurePage, renderSuccessPage, type FailureReason } from '../pages/index.js';
import { buildPkceAuthorizationRequest } from './authorize-url.js';
import type { CallbackPaste } from './callback-paste.js';
import { exchangeCode, type TokenSet } from './exchange-code.js';
import { waitForCallbackOrPaste } from './wait-for-callback.js';

const SIGN_IN_TIMEOUT_MS = 5 * 60 * 1000;

/** Where the new credentials go; the credentials store satisfies it. */
export interface CredentialsTarget {
  checkWritable(): Promise<void>;
  /** The host's active org, kept across a sign-out. */
  readOrg(): Promise<string | undefined>;
  write(credentials: {
    token: string;
    refreshToken: string;
    tokenExpiresAt: number;
    org?: string;
  }): Promise<void>;
}

export interface SignInDependencies {
  /** Already wrapped with our User-Agent. */
  fetch: Fetch;
  /** Opens the authorize URL in the user's browser; a failure is reported, not fatal. */
  openUrl: (url: string) => Promise<void>;
  credentials: CredentialsTarget;
  now?: () => number;
}

export type SignInStep = 'discovering' | 'waiting_for_browser' | 'exchanging' | 'saving';

export interface SignInOptions {
  apiHost: string;
  allowInsecureLoopback?: boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
  ports?: readonly number[];
  /** A provider discovered earlier; discovery runs when absent. */
  provider?: Provider;
  onAuthorizeUrl?: (url: string) => void;
  onBrowserOpenFailed?: (error: unknown) => void;
  onStep?: (step: SignInStep) => void;
  /** How long to wait for the browser to fetch the result page before closing the server. */
  resultGraceMs?: number;
  /** Also takes the callback address pasted back, for a browser on another machine. */
  paste?: CallbackPaste;
}

export interface SignInResult {
  account: AccountSummary;
  tokens: TokenSet;
}

/** Thrown when the user or the timeout ended the wait; the shells treat it as a quiet outcome. */
export class SignInAbortedError extends UserFacingError {
  constructor(readonly reason: 'cancelled' | 'timed_out') {
    super(
      reason === 'cancelled'
        ? 'Sign-in was cancelled.'
        : 'Sign-in timed out: the browser did not come back within 5 minutes.',
      reason === 'cancelled' ? 'sign_in_cancelled' : 'sign_in_timed_out',
    );
  }
}

/**
 * `work`, unless the user cancels first: then a SignInAbortedError at once. Discovery goes on
 * in the background until its own timeout and its result is dropped; nothing is opened or saved.
 */
export function unlessCancelled<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(new SignInAbortedError('cancelled'));
  return new Promise<T>((resolve, reject) => {
    const cancel = (): void => reject(new SignInAbortedError('cancelled'));
    signal.addEventListener('abort', cancel, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', cancel));
  });
}

/** OAuth2 Authorization Code + PKCE with a loopback redirect, from discovery to the saved file. */
export async function signIn(deps: SignInDependencies, options: SignInOptions): Promise<SignInResult> {
  const provider = await providerFor(deps, options);
  const timeout = AbortSignal.timeout(options.timeoutMs ?? SIGN_IN_TIMEOUT_MS);
  const wait = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  if (wait.aborted) throw new SignInAbortedError(timeout.aborted ? 'timed_out' : 'cancelled');

  const state = oidc.randomState();
  const server = await LoopbackServer.start({
    state,
    ports: options.ports,
    resultGraceMs: options.resultGraceMs,
  });
  // The page the browser is shown at the end: each step that fails replaces it with its own.
  const shown = { page: renderFailurePage('internal') };
  try {
    const request = await buildPkceAuthorizationRequest(provider, server.redirectUri, state);
    options.onStep?.('waiting_for_browser');
    options.onAuthorizeUrl?.(request.url.href);
    deps.openUrl(request.url.href).catch((error: unknown) => options.onBrowserOpenFailed?.(error));
    const callbackUrl = await waitForBrowser(server, { state, wait, timeout, paste: options.paste }, shown);

    options.onStep?.('exchanging');
    const tokens = await exchangeCode(provider, callbackUrl, request, deps.now ?? Date.now).catch(
      (error: unknown) => {
        shown.page = renderFailurePage('exchange_failed');
        throw error;
      },
    );
    // A cancel that arrived during the exchange still wins: nothing is saved after the user said stop.
    if (options.signal?.aborted) {
      shown.page = renderFailurePage('cancelled');
      throw new SignInAbortedError('cancelled');
    }
    const result = await saveAccount(deps, options.apiHost, tokens, options.onStep).catch(
      (error: unknown) => {
        shown.page = renderFailurePage(
          'internal',
          error instanceof UserFacingError ? error.message : undefined,
        );
        throw error;
      },
    );
    shown.page = renderSuccessPage({
      email: result.account.user.email ?? result.account.user.userId,
      orgName: result.account.activeOrg?.name,
      orgVerboseName: result.account.activeOrg?.verboseName,
    });
    return result;
  } finally {
    await server.finish(shown.page);
  }
}

/** The provider to sign in with, once the file is known to be writable (so no sign-in is wasted). */
async function providerFor(deps: SignInDependencies, options: SignInOptions): Promise<Provider> {
  options.onStep?.('discovering');
  await deps.credentials.checkWritable();
  if (options.provider) return options.provider;
  return unlessCancelled(
    discoverProvider({
      apiHost: options.apiHost,
      fetch: deps.fetch,
      allowInsecureLoopback: options.allowInsecureLoopback ?? false,
    }),
    options.signal,
  );
}

/** What the wait for the browser needs: this sign-in's state, its signals, an optional paste. */
interface BrowserWait {
  state: string;
  wait: AbortSignal;
  timeout: AbortSignal;
  paste: CallbackPaste | undefined;
}

/**
 * The URL the browser came back to with a code, or the same address pasted back, whichever comes
 * first. A cancel, a timeout or the provider's refusal throws, with the page the browser is then shown.
 */
async function waitForBrowser(
  server: LoopbackServer,
  { state, wait, timeout, paste }: BrowserWait,
  shown: { page: string },
): Promise<URL> {
  let outcome: CallbackOutcome;
  try {
    outcome = await waitForCallbackOrPaste(server, state, wait, paste);
  } catch {
    const reason = timeout.aborted ? 'timed_out' : 'cancelled';
    shown.page = renderFailurePage(reason);
    throw new SignInAbortedError(reason);
  }
  if (outcome.kind === 'provider_error') {
    shown.page = providerErrorPage(outcome.error, outcome.description);
    throw providerError(outcome.error);
  }
  return outcome.callbackUrl;
}

export async function saveAccount(
  deps: Pick<SignInDependencies, 'fetch' | 'credentials'>,
  apiHost: string,
  tokens: TokenSet,
  onStep: SignInOptions['onStep'],
): Promise<SignInResult> {
  const api = PipecatApi.create(apiHost, deps.fetch);
  const org = await deps.credentials.readOrg().catch(() => undefined);
  const account = await loadAccount(api, tokens.accessToken, org);
  if (!account.activeOrg) throw noOrganizationError();
  onStep?.('saving');
  await deps.credentials.write({
    token: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    tokenExpiresAt: tokens.expiresAt,
    org: account.activeOrg.name,
  });
  return { account, tokens };
}

function providerErrorPage(error: string, description: string | undefined): string {
  const reason: FailureReason = error === 'access_denied' ? 'access_denied' : 'provider_error';
  return renderFailurePage(reason, description ?? error);
}

export function providerError(error: string): UserFacingError {
  if (error === 'access_denied') {
    return new UserFacingError(
      'Sign-in was declined at the identity provider; nothing was saved.',
      'access_denied',
    );
  }
  return new UserFacingError(
    `The identity provider could not sign you in (${displayText(error.slice(0, 64))}); nothing was saved.`,
    'provider_error',
  );
}
