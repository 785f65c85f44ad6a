import type { AccountElements } from './account-elements.js';

/**
 * When a state change hides the control that had focus (Sign out, Sign in, Cancel), the browser
 * drops focus to the page and a keyboard user would start again from the top: focus goes to the
 * first control of the panel now shown instead.
 */
export function refocusIfHidden(el: AccountElements, previouslyFocused: Element | null): void {
  if (!(previouslyFocused instanceof HTMLElement) || previouslyFocused === document.body) return;
  if (previouslyFocused.getClientRects().length > 0 || el.patDialog.open) return;
  const panel = [el.signedOut, el.signingIn, el.signedIn].find((section) => !section.hidden);
  panel?.querySelector<HTMLElement>('button:not([hidden]), select')?.focus();
}
