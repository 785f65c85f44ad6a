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

/** The form's elements (renderer/pat-form.html), found once. */
function patFormElements() {
  return {
    form: byId('pat-form', HTMLFormElement),
    input: byId('pat-input', HTMLInputElement),
    toggle: byId('pat-toggle', HTMLButtonElement),
    error: byId('pat-error', HTMLElement),
    submit: byId('pat-submit', HTMLButtonElement),
    cancel: byId('pat-cancel', HTMLButtonElement),
  };
}

type PatFormElements = ReturnType<typeof patFormElements>;

/** What the form shows: its error, whether the token is revealed, whether it is busy. */
function patFormView(el: PatFormElements) {
  const submitLabel = el.submit.textContent ?? '';
  const showError = (message: string): void => {
    setText(el.error, message);
    el.input.setAttribute('aria-invalid', message === '' ? 'false' : 'true');
  };
  const reveal = (visible: boolean): void => {
    el.toggle.setAttribute('aria-pressed', String(visible));
    el.input.type = visible ? 'text' : 'password';
  };
  return {
    showError,
    reveal,
    setBusy: (busy: boolean): void => {
      el.submit.disabled = busy;
      el.input.readOnly = busy;
      el.form.setAttribute('aria-busy', String(busy));
      setText(el.submit, busy ? 'Checking…' : submitLabel);
    },
    reset: (): void => {
      el.input.value = '';
      reveal(false);
      showError('');
    },
  };
}

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
  const el = patFormElements();
  const view = patFormView(el);
  el.toggle.addEventListener('click', () => view.reveal(el.toggle.getAttribute('aria-pressed') !== 'true'));
  el.input.addEventListener('input', () => view.showError(''));
  el.cancel.addEventListener('click', () => {
    view.reset();
    handlers.onCancel();
  });
  el.form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!el.submit.disabled) void send(el, view, tray, handlers);
  });
  return { reset: view.reset, focus: () => el.input.focus() };
}

async function send(
  el: PatFormElements,
  view: ReturnType<typeof patFormView>,
  tray: Pick<TrayApi, 'usePersonalAccessToken'>,
  handlers: PatFormHandlers,
): Promise<void> {
  const checked = checkPatInput(el.input.value);
  if (!checked.ok) {
    view.showError(checked.message);
    el.input.focus();
    el.input.select();
    return;
  }
  el.input.value = '';
  view.showError('');
  view.setBusy(true);
  let result: ActionResult;
  try {
    result = await tray.usePersonalAccessToken(checked.pat);
  } catch {
    result = NO_ANSWER;
  } finally {
    view.setBusy(false);
  }
  if (result.ok) {
    view.reset();
    handlers.onAccepted(result.message);
    return;
  }
  view.showError(result.message);
  el.input.focus();
}
