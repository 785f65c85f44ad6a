import type { ActionResult } from '../main/ipc/contract.js';
import { setText } from './dom.js';

/**
 * The window's one polite live region: what the last action did, in one sentence. Failures are
 * drawn in the danger colour; the text itself says what happened, so colour is never the only cue.
 */
export class StatusLine {
  constructor(private readonly element: HTMLElement) {}

  report(result: ActionResult): void {
    if (result.message === undefined) return this.clear();
    this.element.dataset['tone'] = result.ok ? 'ok' : 'danger';
    setText(this.element, result.message);
  }

  info(message: string): void {
    this.element.dataset['tone'] = 'muted';
    setText(this.element, message);
  }

  clear(): void {
    delete this.element.dataset['tone'];
    setText(this.element, '');
  }
}
