import type { AccountView, TrayApi } from '../main/ipc/contract.js';
import { displayText } from '../main/shared/display-text.js';
import { isBusy, whileBusy } from './busy.js';
import type { StatusLine } from './status-line.js';

/** The organization <select>: verbose names shown, the org's name sent to `switchOrganization`. */
export class OrgPicker {
  private current: string | undefined;
  private optionsKey = '';

  constructor(
    private readonly select: HTMLSelectElement,
    private readonly tray: Pick<TrayApi, 'switchOrganization'>,
    private readonly status: StatusLine,
  ) {
    select.addEventListener('change', () => void this.choose(select.value));
  }

  render(view: AccountView): void {
    this.current = view.org;
    if (isBusy(this.select)) return;
    const organizations = view.organizations ?? [];
    const key = JSON.stringify(organizations);
    if (key !== this.optionsKey) {
      this.optionsKey = key;
      this.select.replaceChildren(
        ...(organizations.length === 0
          ? [new Option('No organization', '')]
          : organizations.map((org) => new Option(displayText(org.verboseName || org.name), org.name))),
      );
    }
    this.select.disabled = organizations.length === 0;
    this.select.value = view.org ?? '';
  }

  private async choose(name: string): Promise<void> {
    if (name === '' || name === this.current) return;
    const result = await whileBusy(this.select, () => this.tray.switchOrganization(name));
    // Refused (or a second change while the first runs): show what is really active again.
    if (!result?.ok) this.select.value = this.current ?? '';
    if (result) this.status.report(result);
  }
}
