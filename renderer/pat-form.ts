import type { ActionResult, TrayApi } from '../main/ipc/contract.js';
import { byId, setText } from './dom.js';
import { checkPatInput } from './pat-check.js';

export interface PatFormHandlers {
  /** Main accepted and saved the token; `message` says as whom. */
  onAccepted(message: string | undefined): void;
  onCancel(): void;
}

export interface PatForm {
  /** Empties the field, hides the token again and clears the error. */
  reset(): void;
  focus(): void;
}

const NO_ANSWER: ActionResult = { ok: false, message: 'The tray did not answer; please try again.' };

/**
 * The personal access token form (renderer/pat-form.html), in the PAT window and in the account
 * window's dialog alike. The token is checked here first (the prefix), so a pasted access token
 * never leaves the window; then main asks Pipecat Cloud. The field is emptied as soon as the token
 * is sent, and the token is never logged or kept.
 */
export function mountPatForm(
  tray: Pick<TrayApi, 'usePersonalAccessToken'>,
  handlers: PatFormHandlers,
): PatForm {
  const form = byId('pat-form', HTMLFormElement);
  const input = byId('pat-input', HTMLInputElement);
  const toggle = byId('pat-toggle', HTMLButtonElement);
  const error = byId('pat-error', HTMLElement);
  const submit = byId('pat-submit', HTMLButtonElement);
  const cancel = byId('pat-cancel', HTMLButtonElement);
  const submitLabel = submit.textContent ?? '';

  const showError = (message: string): void => {
    setText(error, message);
    input.setAttribute('aria-invalid', message === '' ? 'false' : 'true');
  };
  const reveal = (visible: boolean): void => {
    toggle.setAttribute('aria-pressed', String(visible));
    input.type = visible ? 'text' : 'password';
  };
  const setBusy = (busy: boolean): void => {
    submit.disabled = busy;
    input.readOnly = busy;
    form.setAttribute('aria-busy', String(busy));
    setText(submit, busy ? 'Checking…' : submitLabel);
  };
  const reset = (): void => {
    input.value = '';
    reveal(false);
    showError('');
  };

  toggle.addEventListener('click', () => reveal(toggle.getAttribute('aria-pressed') !== 'true'));
  input.addEventListener('input', () => showError(''));
  cancel.addEventListener('click', () => {
    reset();
    handlers.onCancel();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!submit.disabled) void send();
  });

  async function send(): Promise<void> {
    const checked = checkPatInput(input.value);
    if (!checked.ok) {
      showError(checked.message);
      input.focus();
      input.select();
      return;
    }
    input.value = '';
    showError('');
    setBusy(true);
    let result: ActionResult;
    try {
      result = await tray.usePersonalAccessToken(checked.pat);
    } catch {
      result = NO_ANSWER;
    } finally {
      setBusy(false);
    }
    if (result.ok) {
      reset();
      handlers.onAccepted(result.message);
      return;
    }
    showError(result.message);
    input.focus();
  }

  return { reset, focus: () => input.focus() };
}
