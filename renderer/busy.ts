import type { ActionResult } from '../main/ipc/contract.js';

type Control = HTMLButtonElement | HTMLSelectElement | HTMLInputElement;

const running = new WeakSet<Control>();

/**
 * Runs one action for a control and marks it busy until main answers; a second activation meanwhile
 * is ignored (undefined), so a double click cannot start an action twice. `aria-disabled` rather
 * than `disabled`: disabling drops keyboard focus to the page. Main's methods never reject by
 * contract; a broken IPC still becomes a message rather than a silent failure.
 */
export async function whileBusy(
  control: Control,
  action: () => Promise<ActionResult>,
): Promise<ActionResult | undefined> {
  if (running.has(control)) return undefined;
  running.add(control);
  control.setAttribute('aria-disabled', 'true');
  control.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } catch {
    return { ok: false, message: 'The tray did not answer; please try again.' };
  } finally {
    running.delete(control);
    control.removeAttribute('aria-disabled');
    control.removeAttribute('aria-busy');
  }
}

export function isBusy(control: Control): boolean {
  return running.has(control);
}
