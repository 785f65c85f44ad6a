import type { ActionResult, TrayApi } from '../main/ipc/contract.js';
import type { AccountElements } from './account-elements.js';
import { showsProblem } from './account-render.js';
import { whileBusy } from './busy.js';
import { focusBefore, refocusIfHidden } from './focus.js';
import { bindPasteAddress } from './paste-address.js';
import { mountPatForm } from './pat-form.js';
import { copySignInLink } from './sign-in-link.js';
import type { StatusLine } from './status-line.js';

/** Wires the account window's buttons, the start-at-login box and the PAT dialog to the tray. */
export function bindAccountActions(el: AccountElements, tray: TrayApi, status: StatusLine): void {
  const run = (button: HTMLButtonElement, action: () => Promise<ActionResult>): void => {
    button.addEventListener('click', () => {
      void whileBusy(button, action).then((result) => {
        if (result === undefined) return;
        if (!result.ok && showsProblem(el)) status.clear();
        else status.report(result);
      });
    });
  };
  run(el.signIn, () => {
    status.clear();
    return tray.signIn();
  });
  run(el.cancelSignIn, () => tray.cancelSignIn());
  run(el.refresh, () => tray.refreshNow());
  run(el.dashboard, () => tray.openDashboard());
  run(el.signOut, () => tray.signOut());
  el.copyLink.addEventListener('click', () => void copySignInLink(el.signInLink, status));
  bindPasteAddress(el, tray, status);

  el.startAtLogin.addEventListener('change', () => {
    const wanted = el.startAtLogin.checked;
    void whileBusy(el.startAtLogin, () => tray.setStartAtLogin(wanted)).then((result) => {
      if (result === undefined || !result.ok) el.startAtLogin.checked = !wanted;
      if (result) status.report(result);
    });
  });

  const patForm = mountPatForm(tray, {
    onAccepted: (message) => {
      const before = focusBefore();
      el.patDialog.close();
      // The dialog hands focus back to its opener, which signing in may just have hidden.
      refocusIfHidden(el, { element: el.usePat, keyboard: before.keyboard });
      status.report({ ok: true, message: message ?? 'Signed in with a personal access token.' });
    },
    onCancel: () => el.patDialog.close(),
  });
  // Escape closes a modal <dialog> natively; every way out forgets what was typed.
  el.patDialog.addEventListener('close', () => patForm.reset());
  el.usePat.addEventListener('click', () => {
    status.clear();
    el.patDialog.showModal();
    patForm.focus();
  });
}
