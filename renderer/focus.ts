import type { AccountElements } from './account-elements.js';

/** What had focus before a redraw, and whether the user was moving by keyboard. */
export interface FocusBefore {
  element: Element | null;
  keyboard: boolean;
}

export function focusBefore(): FocusBefore {
  const element = document.activeElement;
  return { element, keyboard: element !== null && element.matches(':focus-visible') };
}

/**
 * When a state change hides the control a keyboard user was on (Sign out, Sign in, Cancel), the
 * browser drops focus to the page and they would start again from the top: focus goes to the
 * first control of the panel now shown instead. A mouse user's focus is left alone.
 */
export function refocusIfHidden(el: AccountElements, before: FocusBefore): void {
  const { element } = before;
  if (!before.keyboard || !(element instanceof HTMLElement) || element === document.body) return;
  if (element.getClientRects().length > 0 || el.patDialog.open) return;
  const panel = [el.signedOut, el.signingIn, el.signedIn].find((section) => !section.hidden);
  panel?.querySelector<HTMLElement>('button:not([hidden]), select')?.focus();
}
