import type { AccountView } from '../../ipc/contract.js';
import { formatDuration } from './duration.js';
import { keychainItems } from './keychain-item.js';
import { MENU_LABELS as L } from './menu-labels.js';
import { SEPARATOR, type TrayMenuItem } from './menu-item.js';
import { literalLabel } from './menu-text.js';

export interface MenuContext {
  platform: NodeJS.Platform;
  /** Epoch ms, for "refreshes in 23 h". */
  nowMs: number;
}

/**
 * The whole tray menu for one account view: a pure function, rebuilt and re-set on every state
 * change (and every minute or so, for the refresh countdown). Linux often delivers no tray
 * clicks, so everything the app can do is reachable from here on every OS.
 */
export function buildTrayMenu(view: AccountView, context: MenuContext): TrayMenuItem[] {
  switch (view.status) {
    case 'signing_in':
      return [
        { id: 'waiting-for-browser', type: 'normal', label: L.waitingForBrowser, enabled: false },
        {
          id: 'copy-sign-in-link',
          type: 'normal',
          label: L.copySignInLink,
          enabled: view.signInUrl !== undefined,
          action: { kind: 'copy-sign-in-link' },
        },
        { id: 'cancel-sign-in', type: 'normal', label: L.cancelSignIn, action: { kind: 'cancel-sign-in' } },
        // Not in the list, but a menu must always offer a way out of the app.
        { ...SEPARATOR },
        quitItem(),
      ];
    case 'oauth':
    case 'pat':
      return signedInMenu(view, context);
    case 'expired':
      return [
        { id: 'sign-in', type: 'normal', label: L.sessionExpired, action: { kind: 'sign-in' } },
        ...problemLine(view.lastError),
        ...signedOutTail(view, context),
      ];
    case 'error':
      return [
        {
          id: 'problem',
          type: 'normal',
          label: literalLabel(view.lastError ?? L.unknownProblem),
          enabled: false,
        },
        { ...SEPARATOR },
        signInItem(),
        ...signedOutTail(view, context),
      ];
    case 'signed_out':
      return [signInItem(), ...signedOutTail(view, context)];
  }
}

function signedInMenu(view: AccountView, { nowMs }: MenuContext): TrayMenuItem[] {
  const oauth = view.status === 'oauth';
  return [
    {
      id: 'account',
      type: 'normal',
      label: literalLabel(view.email ?? view.userId ?? 'Signed in'),
      enabled: false,
    },
    { id: 'auth-method', type: 'normal', label: methodLine(view, nowMs), enabled: false },
    ...problemLine(view.lastError),
    { ...SEPARATOR },
    organizationMenu(view),
    ...(oauth
      ? [{ id: 'refresh-now', type: 'normal', label: L.refreshNow, action: { kind: 'refresh-now' } } as const]
      : []),
    { id: 'open-dashboard', type: 'normal', label: L.openDashboard, action: { kind: 'open-dashboard' } },
    environmentMenu(view),
    { ...SEPARATOR },
    showAccountItem(),
    { id: 'sign-out', type: 'normal', label: L.signOut, action: { kind: 'sign-out' } },
    { ...SEPARATOR },
    ...keychainItems(view),
    startAtLoginItem(view),
    quitItem(),
  ];
}

/** "Signed in with OAuth · refreshes in 23 h", or "Personal access token". */
function methodLine(view: AccountView, nowMs: number): string {
  if (view.status !== 'oauth') return L.pat;
  if (view.nextRefreshAtMs === undefined) return L.oauth;
  const left = view.nextRefreshAtMs - nowMs;
  return left > 0 ? `${L.oauth} · refreshes in ${formatDuration(left)}` : `${L.oauth} · refreshing now`;
}

function problemLine(problem: string | undefined): TrayMenuItem[] {
  return problem ? [{ id: 'problem', type: 'normal', label: literalLabel(problem), enabled: false }] : [];
}

/**
 * What signed-out, expired and error menus share after their first line. The Environment submenu
 * is not in the signed-out list, but without it a user who switched to Staging and is
 * signed out there could not get back to Production from the menu (the only UI on Linux).
 */
function signedOutTail(view: AccountView, { platform }: MenuContext): TrayMenuItem[] {
  return [
    { id: 'use-pat', type: 'normal', label: L.usePat, action: { kind: 'use-personal-access-token' } },
    { ...SEPARATOR },
    environmentMenu(view),
    // macOS and Windows open the account window on a tray click; Linux has only this menu.
    ...(platform === 'linux' ? [showAccountItem()] : []),
    { ...SEPARATOR },
    ...keychainItems(view),
    startAtLoginItem(view),
    quitItem(),
  ];
}

function organizationMenu(view: AccountView): TrayMenuItem {
  const organizations = view.organizations ?? [];
  const submenu: TrayMenuItem[] =
    organizations.length === 0
      ? [{ id: 'org:none', type: 'normal', label: L.noOrganization, enabled: false }]
      : organizations.map((org) => ({
          id: `org:${org.name}`,
          type: 'radio',
          label: literalLabel(org.verboseName || org.name),
          checked: org.name === view.org,
          action: { kind: 'switch-organization', name: org.name },
        }));
  return { id: 'organization', type: 'submenu', label: L.organization, submenu };
}

function environmentMenu(view: AccountView): TrayMenuItem {
  return {
    id: 'environment',
    type: 'submenu',
    label: L.environment,
    submenu: [
      {
        id: 'environment:production',
        type: 'radio',
        label: L.production,
        checked: view.environment === 'production',
        action: { kind: 'set-environment', environment: 'production' },
      },
      {
        id: 'environment:staging',
        type: 'radio',
        label: L.staging,
        checked: view.environment === 'staging',
        action: { kind: 'set-environment', environment: 'staging' },
      },
      {
        id: 'environment:custom',
        type: 'radio',
        label: L.custom,
        checked: view.environment === 'custom',
        action: { kind: 'choose-custom-environment' },
      },
    ],
  };
}

function signInItem(): TrayMenuItem {
  return { id: 'sign-in', type: 'normal', label: L.signIn, action: { kind: 'sign-in' } };
}

function showAccountItem(): TrayMenuItem {
  return { id: 'show-account', type: 'normal', label: L.showAccount, action: { kind: 'show-account' } };
}

function startAtLoginItem(view: AccountView): TrayMenuItem {
  return {
    id: 'start-at-login',
    type: 'checkbox',
    label: L.startAtLogin,
    checked: view.startAtLogin,
    action: { kind: 'set-start-at-login', enabled: !view.startAtLogin },
  };
}

function quitItem(): TrayMenuItem {
  return { id: 'quit', type: 'normal', label: L.quit, action: { kind: 'quit' } };
}
