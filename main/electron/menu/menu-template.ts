import { call, TRAY_ACTIONS, type ActionName, type ArgsOf } from '../../ipc/actions.js';
import type { AccountView } from '../../ipc/contract.js';
import { refreshCountdown } from '../../shared/durations.js';
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
        actionItem('copy-sign-in-link', 'copySignInLink', { enabled: view.signInUrl !== undefined }),
        actionItem('cancel-sign-in', 'cancelSignIn'),
        // Not in the list, but a menu must always offer a way out of the app.
        { ...SEPARATOR },
        actionItem('quit', 'quit'),
      ];
    case 'oauth':
    case 'pat':
      return signedInMenu(view, context);
    case 'expired':
      return [
        actionItem('sign-in', 'signIn', { label: L.sessionExpired }),
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
        actionItem('sign-in', 'signIn'),
        ...signedOutTail(view, context),
      ];
    case 'signed_out':
      return [actionItem('sign-in', 'signIn'), ...signedOutTail(view, context)];
  }
}

/** The names of the actions that take no arguments, which a plain menu item can stand for. */
type PlainAction = { [N in ActionName]: ArgsOf<N> extends [] ? N : never }[ActionName];

/** An item for a registry action, under the label the action declares unless `extra` gives one. */
function actionItem(id: string, name: PlainAction, extra: Partial<TrayMenuItem> = {}): TrayMenuItem {
  return { id, type: 'normal', label: TRAY_ACTIONS[name].label, action: call(name), ...extra };
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
    ...(oauth ? [actionItem('refresh-now', 'refreshNow')] : []),
    actionItem('open-dashboard', 'openDashboard'),
    environmentMenu(view),
    { ...SEPARATOR },
    actionItem('show-account', 'showAccount'),
    actionItem('sign-out', 'signOut'),
    { ...SEPARATOR },
    startAtLoginItem(view),
    actionItem('quit', 'quit'),
  ];
}

/** "Signed in with OAuth · refreshes in 23 h", or "Personal access token". */
function methodLine(view: AccountView, nowMs: number): string {
  if (view.status !== 'oauth') return L.pat;
  const when = refreshCountdown(view.nextRefreshAtMs, nowMs);
  return when ? `${L.oauth} · ${when}` : L.oauth;
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
    actionItem('use-pat', 'openPatWindow'),
    { ...SEPARATOR },
    environmentMenu(view),
    // macOS and Windows open the account window on a tray click; Linux has only this menu.
    ...(platform === 'linux' ? [actionItem('show-account', 'showAccount')] : []),
    { ...SEPARATOR },
    startAtLoginItem(view),
    actionItem('quit', 'quit'),
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
          action: call('switchOrganization', org.name),
        }));
  return { id: 'organization', type: 'submenu', label: L.organization, submenu };
}

function environmentMenu(view: AccountView): TrayMenuItem {
  const radio = (environment: AccountView['environment'], label: string): TrayMenuItem => ({
    id: `environment:${environment}`,
    type: 'radio',
    label,
    checked: view.environment === environment,
    action: environment === 'custom' ? call('chooseCustomEnvironment') : call('setEnvironment', environment),
  });
  return {
    id: 'environment',
    type: 'submenu',
    label: L.environment,
    submenu: [radio('production', L.production), radio('staging', L.staging), radio('custom', L.custom)],
  };
}

function startAtLoginItem(view: AccountView): TrayMenuItem {
  return {
    id: 'start-at-login',
    type: 'checkbox',
    label: TRAY_ACTIONS.setStartAtLogin.label,
    checked: view.startAtLogin,
    action: call('setStartAtLogin', !view.startAtLogin),
  };
}
