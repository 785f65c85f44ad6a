import type { EnvironmentName } from '../../ipc/contract.js';

/**
 * What a click on a tray menu item asks for. The template carries these as data so it stays a
 * pure function of the account view; main binds each kind to a TrayApi call or a window.
 */
export type MenuAction =
  | { kind: 'sign-in' }
  | { kind: 'use-personal-access-token' }
  | { kind: 'copy-sign-in-link' }
  | { kind: 'cancel-sign-in' }
  | { kind: 'switch-organization'; name: string }
  | { kind: 'refresh-now' }
  | { kind: 'open-dashboard' }
  | { kind: 'set-environment'; environment: Exclude<EnvironmentName, 'custom'> }
  /** Custom needs a URL typed in, so it opens the account window rather than switching. */
  | { kind: 'choose-custom-environment' }
  | { kind: 'show-account' }
  | { kind: 'sign-out' }
  | { kind: 'set-start-at-login'; enabled: boolean }
  | { kind: 'set-keychain'; enabled: boolean }
  | { kind: 'quit' };

export type MenuActionKind = MenuAction['kind'];
