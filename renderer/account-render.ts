import type { AccountView } from '../main/ipc/contract.js';
import type { AccountElements } from './account-elements.js';
import { accountName, expiryLine, hostLabel, methodLine, statusBadge } from './account-text.js';
import { setText, show } from './dom.js';
import { resetPasteAddress } from './paste-address.js';

/**
 * Draws the parts of the account window that follow the state alone (the pickers draw
 * themselves): which panel shows, who is signed in, how, and until when.
 */
export function renderAccount(el: AccountElements, view: AccountView, nowMs: number): void {
  const signedIn = view.status === 'oauth' || view.status === 'pat';
  const signedOut = view.status === 'signed_out' || view.status === 'expired' || view.status === 'error';

  setText(el.apiHost, hostLabel(view.apiHost));
  const badge = statusBadge(view);
  setText(el.badge, badge.text);
  el.badge.dataset['tone'] = badge.tone;

  show(el.signedOut, signedOut);
  show(el.signingIn, view.status === 'signing_in');
  show(el.signedIn, signedIn);
  el.signedOut.dataset['state'] = view.status;

  if (signedOut) renderSignedOut(el, view);
  if (view.status === 'signing_in') el.signInLink.value = view.signInUrl ?? '';
  else resetPasteAddress(el);
  if (signedIn) renderSignedIn(el, view, nowMs);
  el.main.setAttribute('aria-busy', 'false');
}

function renderSignedOut(el: AccountElements, view: AccountView): void {
  for (const variant of el.signedOut.querySelectorAll<HTMLElement>('[data-when]')) {
    show(variant, variant.dataset['when'] === view.status);
  }
  // Expired says why in its own words; an error keeps its message apart, in the danger box.
  show(el.expiredReason, view.lastError !== undefined);
  show(el.expiredDefault, view.lastError === undefined);
  setText(el.expiredReason, view.lastError ?? '');
  show(el.problem, view.status === 'error');
  setText(el.problemText, view.status === 'error' ? (view.lastError ?? 'Something went wrong.') : '');
  setText(el.signIn, view.status === 'expired' ? 'Sign in again' : 'Sign in to Pipecat Cloud');
}

/** Whether the window already shows a problem, so a failed action need not say it twice. */
export function showsProblem(el: AccountElements): boolean {
  return (!el.signedOut.hidden && el.signedOut.dataset['state'] !== 'signed_out') || !el.attention.hidden;
}

function renderSignedIn(el: AccountElements, view: AccountView, nowMs: number): void {
  const name = accountName(view);
  setText(el.avatar, name.charAt(0).toUpperCase());
  setText(el.accountName, name);
  setText(el.method, methodLine(view, nowMs));
  const expiry = expiryLine(view, nowMs);
  show(el.expiry, expiry !== undefined);
  setText(el.expiry, expiry ?? '');
  show(el.attention, view.lastError !== undefined);
  setText(el.attentionText, view.lastError ?? '');
  show(el.refresh, view.status === 'oauth');
}
