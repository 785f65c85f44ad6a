import type { KoaContextWithOIDC } from 'oidc-provider';

import { escapeHtml, page, PAGE_SECURITY_HEADERS } from './views.js';

/**
 * The device flow's pages (RFC 8628), in place of oidc-provider's defaults (which load a web
 * font): the user code form, the confirmation with Approve and Deny, and the end. Stable
 * selectors for people and Playwright: `[data-step=device-code]` with `input[name=user_code]` and
 * `#device-continue`; `[data-step=device-confirm]` with `#device-approve` / `#device-deny`;
 * `[data-step=device-done]`. oidc-provider makes the forms (they carry its XSRF token); these
 * pages only place them and their buttons, tied to them with `form=`.
 */

export const DEVICE_CODE_TITLE = 'Enter your code · Pipecat Cloud Sandbox';
export const DEVICE_CONFIRM_TITLE = 'Confirm the code · Pipecat Cloud Sandbox';
export const DEVICE_DONE_TITLE = 'Signed in · Pipecat Cloud Sandbox';

const INPUT_FORM_ID = 'op.deviceInputForm';
const CONFIRM_FORM_ID = 'op.deviceConfirmForm';

function show(ctx: KoaContextWithOIDC, html: string): void {
  ctx.type = 'html';
  for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) ctx.set(name, value);
  ctx.body = html;
}

/** Why the code page is shown again, in words, from oidc-provider's re-render error. */
function problemWith(error: Error | undefined): string | undefined {
  if (!error) return undefined;
  switch (error.name) {
    case 'AbortedError':
      return 'The sign-in was denied; the terminal has been told.';
    case 'ExpiredError':
      return 'That code has expired: start the sign-in again in the terminal.';
    case 'AlreadyUsedError':
      return 'That code has already been used.';
    case 'NotFoundError':
    case 'NoCodeError':
      return 'That code is not right: check it and try again.';
    default:
      return 'Something went wrong with that code.';
  }
}

export function showUserCodeInput(
  ctx: KoaContextWithOIDC,
  form: string,
  _out?: unknown,
  error?: Error,
): void {
  const problem = problemWith(error);
  const alert = problem ? `<p class="error" role="alert">${escapeHtml(problem)}</p>` : '';
  show(
    ctx,
    page(
      DEVICE_CODE_TITLE,
      `${alert}
<div data-step="device-code">
  <p>Enter the code your terminal shows.</p>
  ${form}
  <button type="submit" form="${INPUT_FORM_ID}" id="device-continue">Continue</button>
</div>`,
    ),
  );
}

export function showUserCodeConfirm(
  ctx: KoaContextWithOIDC,
  form: string,
  client: { clientId: string },
  _deviceInfo: unknown,
  userCode: string,
): void {
  show(
    ctx,
    page(
      DEVICE_CONFIRM_TITLE,
      `<div data-step="device-confirm">
  <p><strong>${escapeHtml(client.clientId)}</strong> asks to sign in with the code</p>
  <p class="code" id="device-user-code">${escapeHtml(userCode)}</p>
  <p class="note">Approve only if your terminal shows this code.</p>
  ${form}
  <button type="submit" form="${CONFIRM_FORM_ID}" id="device-approve">Approve</button>
  <button type="submit" form="${CONFIRM_FORM_ID}" name="abort" value="yes" id="device-deny">Deny</button>
</div>`,
    ),
  );
}

export function showDeviceDone(ctx: KoaContextWithOIDC): void {
  show(
    ctx,
    page(
      DEVICE_DONE_TITLE,
      '<p data-step="device-done">You are signed in: go back to your terminal. You can close this page.</p>',
    ),
  );
}

/** oidc-provider's `features.deviceFlow`, with these pages. */
export const DEVICE_FLOW_FEATURE = {
  enabled: true,
  userCodeInputSource: showUserCodeInput,
  userCodeConfirmSource: showUserCodeConfirm,
  successSource: showDeviceDone,
};
