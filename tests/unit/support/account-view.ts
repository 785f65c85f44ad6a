/** The account the tray and action tests show: its organizations, and the view main hands the windows. */
import type { Organization } from '../../../main/core/api/types.js';
import type { AccountView } from '../../../main/ipc/contract.js';

/** The account's two organizations, in the order the API lists them. */
export const ORGS: Organization[] = [
  { name: 'acme', verboseName: 'Acme Inc.' },
  { name: 'second-org', verboseName: 'Second Org' },
];

/** Signed out of production, not started at login; `overrides` set what a test is about. */
export function accountView(overrides: Partial<AccountView> = {}): AccountView {
  return {
    status: 'signed_out',
    apiHost: 'https://api.pipecat.daily.co',
    configPath: '/home/dev/.config/pipecatcloud/pipecatcloud.toml',
    environment: 'production',
    startAtLogin: false,
    ...overrides,
  };
}
