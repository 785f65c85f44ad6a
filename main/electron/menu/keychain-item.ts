import { call, TRAY_ACTIONS } from '../../ipc/actions.js';
import type { AccountView } from '../../ipc/contract.js';
import { MENU_LABELS as L } from './menu-labels.js';
import type { TrayMenuItem } from './menu-item.js';

/**
 * "Keep the refresh token in the system keychain": a checkbox whose click asks for the opposite;
 * disabled, with the reason on the line below, once a try found no keychain on this machine (the
 * whole sentence, too long for a menu line, is what the failed click reported).
 */
export function keychainItems(view: AccountView): TrayMenuItem[] {
  if (!view.keychain) return [];
  const { on, unavailable } = view.keychain;
  const item: TrayMenuItem = {
    id: 'keychain',
    type: 'checkbox',
    label: TRAY_ACTIONS.setKeepRefreshTokenInKeychain.label,
    checked: on,
    enabled: unavailable === undefined,
    action: call('setKeepRefreshTokenInKeychain', !on),
  };
  if (unavailable === undefined) return [item];
  return [item, { id: 'keychain-unavailable', type: 'normal', label: L.keychainUnavailable, enabled: false }];
}
