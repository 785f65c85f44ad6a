import type { Page } from 'playwright';
import type { ProviderAccount } from './provider-login.js';

export interface DeviceLoginOptions {
  /** Open the page and type this code (else the page is the one with the code filled in). */
  typeCode?: string;
  /** Deny on the code's confirmation page, or at the consent step after logging in. */
  denyAt?: 'confirm' | 'consent';
  timeoutMs?: number;
}

const CONFIRM = '[data-step="device-confirm"]';
const DONE = '[data-step="device-done"]';
const ALERT = '[role="alert"]';
const LOGIN_FORM = 'form[data-step="login"]';
const CONSENT_FORM = 'form[data-step="consent"]';

/**
 * Plays the user on another device in the sandbox's device flow pages: opens `url`, enters the
 * code (or lets the filled-in link carry it), checks the code shown is `expectedCode`, then
 * approves (logging in and consenting) or denies. Resolves with what the last page says:
 * 'done' for the success page, else the alert's text.
 */
export async function completeDeviceLogin(
  page: Page,
  url: string,
  account: ProviderAccount,
  expectedCode: string,
  { typeCode, denyAt, timeoutMs = 30_000 }: DeviceLoginOptions = {},
): Promise<string> {
  await page.goto(url);
  if (typeCode !== undefined) {
    await page.fill('[data-step="device-code"] input[name=user_code]', typeCode);
    await page.click('#device-continue');
  }
  await page.locator(CONFIRM).waitFor({ timeout: timeoutMs });
  const shown = (await page.locator('#device-user-code').innerText()).trim();
  if (shown !== expectedCode) throw new Error(`the page shows code ${shown}, the terminal ${expectedCode}`);
  await page.click(denyAt === 'confirm' ? '#device-deny' : '#device-approve');
  if (denyAt !== 'confirm') await logInAndConsent(page, account, denyAt === 'consent', timeoutMs);
  await page.locator(`${DONE}, ${ALERT}`).first().waitFor({ timeout: timeoutMs });
  if ((await page.locator(DONE).count()) > 0) return 'done';
  return (await page.locator(ALERT).innerText()).trim();
}

async function logInAndConsent(
  page: Page,
  account: ProviderAccount,
  deny: boolean,
  timeoutMs: number,
): Promise<void> {
  await page.locator(`${LOGIN_FORM}, ${CONSENT_FORM}, ${DONE}`).first().waitFor({ timeout: timeoutMs });
  if ((await page.locator(LOGIN_FORM).count()) > 0) {
    await page.fill(`${LOGIN_FORM} input[name=login]`, account.email);
    await page.fill(`${LOGIN_FORM} input[name=password]`, account.password);
    await page.click(`${LOGIN_FORM} button[type=submit]`);
    await page.locator(`${CONSENT_FORM}, ${DONE}, ${ALERT}`).first().waitFor({ timeout: timeoutMs });
  }
  if ((await page.locator(CONSENT_FORM).count()) > 0) await page.click(deny ? '#deny' : '#approve');
}
