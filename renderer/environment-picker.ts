import type { AccountView, EnvironmentName, TrayApi } from '../main/ipc/contract.js';
import { isBusy, whileBusy } from './busy.js';
import { checkHttpsUrl } from './https-url.js';
import { setText, show } from './dom.js';
import type { StatusLine } from './status-line.js';

export interface EnvironmentElements {
  environment: HTMLSelectElement;
  customHostForm: HTMLFormElement;
  customHost: HTMLInputElement;
  customHostError: HTMLElement;
  customHostApply: HTMLButtonElement;
}

const ENVIRONMENTS: readonly string[] = ['production', 'staging', 'custom'] satisfies EnvironmentName[];

/**
 * Production, Staging, or Custom… with an https URL. Choosing Custom… only opens the URL field;
 * nothing changes until a URL is given, so a half-made choice never signs anyone out.
 */
export class EnvironmentPicker {
  private view: AccountView | undefined;
  /** The user picked Custom… but has not applied a URL yet. */
  private editingCustom = false;

  constructor(
    private readonly el: EnvironmentElements,
    private readonly tray: Pick<TrayApi, 'setEnvironment'>,
    private readonly status: StatusLine,
  ) {
    el.environment.addEventListener('change', () => void this.choose(el.environment.value));
    el.customHostForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.applyCustomHost();
    });
    el.customHost.addEventListener('input', () => this.showError(''));
  }

  render(view: AccountView): void {
    this.view = view;
    if (isBusy(this.el.environment)) return;
    if (view.environment === 'custom') this.editingCustom = false;
    this.el.environment.value = this.editingCustom ? 'custom' : view.environment;
    show(this.el.customHostForm, this.el.environment.value === 'custom');
    if (document.activeElement !== this.el.customHost && this.el.customHost.value === '') {
      this.el.customHost.value = view.customApiHost ?? '';
    }
  }

  private async choose(value: string): Promise<void> {
    if (!ENVIRONMENTS.includes(value)) return;
    if (value === 'custom') {
      this.editingCustom = true;
      show(this.el.customHostForm, true);
      this.el.customHost.focus();
      return;
    }
    this.editingCustom = false;
    show(this.el.customHostForm, false);
    const environment = value as EnvironmentName;
    if (environment === this.view?.environment) return;
    const result = await whileBusy(this.el.environment, () => this.tray.setEnvironment(environment));
    if (result) this.status.report(result);
    if (this.view) this.render(this.view);
  }

  private async applyCustomHost(): Promise<void> {
    const host = checkHttpsUrl(this.el.customHost.value);
    if (!host.ok) {
      this.showError(host.message);
      this.el.customHost.focus();
      return;
    }
    const result = await whileBusy(this.el.customHostApply, () =>
      this.tray.setEnvironment('custom', host.url),
    );
    if (result === undefined) return;
    if (!result.ok) {
      this.showError(result.message);
      this.el.customHost.focus();
      return;
    }
    this.el.customHost.value = host.url;
    this.status.report(result);
  }

  private showError(message: string): void {
    setText(this.el.customHostError, message);
    this.el.customHost.setAttribute('aria-invalid', message === '' ? 'false' : 'true');
  }
}
