/**
 * The account window: draws every AccountView main pushes, and sends the user's choices back
 * through `window.pipecatTray`, the only thing the page can reach.
 */
import type { AccountView } from '../main/ipc/contract.js';
import { bindAccountActions } from './account-actions.js';
import { isBusy } from './busy.js';
import { accountElements } from './account-elements.js';
import { renderAccount } from './account-render.js';
import { EnvironmentPicker } from './environment-picker.js';
import { focusBefore, refocusIfHidden } from './focus.js';
import { OrgPicker } from './org-picker.js';
import { StatusLine } from './status-line.js';

const MINUTE_MS = 60_000;

const tray = window.pipecatTray;
const el = accountElements();
const status = new StatusLine(el.status);
const orgPicker = new OrgPicker(el.organization, tray, status);
const environmentPicker = new EnvironmentPicker(el, tray, status);
bindAccountActions(el, tray, status);

let latest: AccountView | undefined;

function draw(view: AccountView): void {
  latest = view;
  const focused = focusBefore();
  renderAccount(el, view, Date.now());
  orgPicker.render(view);
  environmentPicker.render(view);
  if (!isBusy(el.startAtLogin)) el.startAtLogin.checked = view.startAtLogin;
  refocusIfHidden(el, focused);
}

let pushed = false;
tray.onState((view) => {
  pushed = true;
  draw(view);
});
// A push that arrived first is newer than this answer.
void tray.getState().then((view) => {
  if (!pushed) draw(view);
});
// The countdowns are relative to now; the state does not change while they run down.
setInterval(() => {
  if (latest) renderAccount(el, latest, Date.now());
}, MINUTE_MS);
