import type { TrayApi } from '../main/ipc/contract.js';
import { whileBusy } from './busy.js';
import { setText } from './dom.js';
import type { StatusLine } from './status-line.js';

export interface PasteAddressElements {
  pasteAddressForm: HTMLFormElement;
  pasteAddress: HTMLInputElement;
  pasteAddressSubmit: HTMLButtonElement;
  pasteAddressError: HTMLElement;
}

/**
 * The field for the address a browser on another computer ended on, while signing in: main
 * checks it as its loopback server checks a callback, and a refusal is shown under the field
 * (the sign-in keeps waiting). The address holds a one-time code: the field is emptied once taken.
 */
export function bindPasteAddress(
  el: PasteAddressElements,
  tray: Pick<TrayApi, 'completeSignInFromPastedUrl'>,
  status: StatusLine,
): void {
  const showError = (message: string): void => {
    setText(el.pasteAddressError, message);
    el.pasteAddress.setAttribute('aria-invalid', message === '' ? 'false' : 'true');
  };
  el.pasteAddress.addEventListener('input', () => showError(''));
  el.pasteAddressForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = el.pasteAddress.value.trim();
    if (text === '') {
      showError('Paste the address your browser ended on first.');
      el.pasteAddress.focus();
      return;
    }
    void whileBusy(el.pasteAddressSubmit, () => tray.completeSignInFromPastedUrl(text)).then((result) => {
      if (result === undefined) return;
      if (!result.ok) {
        showError(result.message);
        el.pasteAddress.focus();
        return;
      }
      el.pasteAddress.value = '';
      showError('');
      status.report(result);
    });
  });
}

/** Empties the field and its error: nothing stays in it once the sign-in it was for is over. */
export function resetPasteAddress(el: PasteAddressElements): void {
  el.pasteAddress.value = '';
  setText(el.pasteAddressError, '');
  el.pasteAddress.setAttribute('aria-invalid', 'false');
}
