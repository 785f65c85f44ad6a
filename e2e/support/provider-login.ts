import type { Page, Request } from 'playwright';

export interface ProviderAccount {
  /** An email of the account, or its userId. */
  email: string;
  password: string;
}

export interface ProviderLoginOptions {
  /** Deny consent: the provider then sends `error=access_denied` to the redirect URI. */
  deny?: boolean;
  timeoutMs?: number;
}

const LOGIN_FORM = 'form[data-step="login"]';
const CONSENT_FORM = 'form[data-step="consent"]';
const ALERT = '[role="alert"]';

/**
 * Finishes a sign-in on the sandbox's pages, in a page already sent to the authorize URL:
 * logs in (unless the browser already has a session), approves or denies consent (unless the
 * sandbox's `autoConsent` knob skips it), and waits until the browser leaves the sandbox.
 * Returns the first URL outside the sandbox: the redirect URI with `code` and `state` (or
 * `error`), even if the app's loopback page then redirects elsewhere.
 */
export async function completeProviderLogin(
  page: Page,
  account: ProviderAccount,
  { deny = false, timeoutMs = 30_000 }: ProviderLoginOptions = {},
): Promise<URL> {
  const sandboxOrigin = new URL(page.url()).origin;
  const outside = (url: URL): boolean => url.origin !== sandboxOrigin;
  let firstOutside: URL | undefined;
  const onRequest = (request: Request): void => {
    if (firstOutside || !request.isNavigationRequest() || request.frame() !== page.mainFrame()) return;
    const url = new URL(request.url());
    if (outside(url)) firstOutside = url;
  };
  /** Resolves once `selector` is on the page or the browser has left the sandbox. */
  const settle = async (selector: string): Promise<void> => {
    await Promise.race([
      page.locator(selector).first().waitFor({ timeout: timeoutMs }),
      page.waitForURL(outside, { timeout: timeoutMs, waitUntil: 'commit' }),
    ]);
  };

  page.on('request', onRequest);
  try {
    await settle(`${LOGIN_FORM}, ${CONSENT_FORM}`);
    if (!firstOutside && (await page.locator(LOGIN_FORM).count()) > 0) {
      await page.fill(`${LOGIN_FORM} input[name=login]`, account.email);
      await page.fill(`${LOGIN_FORM} input[name=password]`, account.password);
      await page.click(`${LOGIN_FORM} button[type=submit]`);
      await settle(`${CONSENT_FORM}, ${ALERT}`);
      if (!firstOutside && (await page.locator(ALERT).count()) > 0) {
        throw new Error(`sandbox login refused: ${(await page.locator(ALERT).innerText()).trim()}`);
      }
    }
    if (!firstOutside && (await page.locator(CONSENT_FORM).count()) > 0) {
      await page.click(deny ? '#deny' : '#approve');
    }
    await page.waitForURL(outside, { timeout: timeoutMs, waitUntil: 'commit' });
    return firstOutside ?? new URL(page.url());
  } finally {
    page.off('request', onRequest);
  }
}

/**
 * The query keys of the authorize request, sorted: exactly these, as the real CLI sends
 * them (docs/contract.md); in particular no `prompt`, `nonce` or `offline_access` scope of our own.
 */
export const AUTHORIZE_QUERY_KEYS = [
  'client_id',
  'code_challenge',
  'code_challenge_method',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
] as const;
