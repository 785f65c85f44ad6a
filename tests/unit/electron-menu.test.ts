import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { AccountView } from '../../main/ipc/contract.js';
import { buildTrayMenu, type TrayMenuItem } from '../../main/electron/menu/index.js';
import { MENU_LABELS } from '../../main/electron/menu/menu-labels.js';
import { accountView as view, ORGS } from './support/account-view.js';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const HOUR = 3_600_000;

const signedIn = (overrides: Partial<AccountView> = {}): AccountView =>
  view({
    status: 'oauth',
    email: 'dev@example.com',
    userId: 'user_1',
    org: 'acme',
    orgVerboseName: 'Acme Inc.',
    organizations: ORGS,
    tokenExpiresAt: NOW / 1000 + 24 * 3600,
    nextRefreshAtMs: NOW + 23 * HOUR + 20 * 60_000,
    ...overrides,
  });

const menu = (v: AccountView, platform: NodeJS.Platform = 'darwin'): TrayMenuItem[] =>
  buildTrayMenu(v, { platform, nowMs: NOW });

/** The menu as lines a person would read: separators as '---', disabled lines in brackets. */
function outline(items: readonly TrayMenuItem[]): string[] {
  return items.map((item) => {
    if (item.type === 'separator') return '---';
    const mark = item.type === 'checkbox' || item.type === 'radio' ? (item.checked ? '(x) ' : '( ) ') : '';
    const label = `${mark}${item.label ?? ''}${item.submenu ? ' >' : ''}`;
    return item.enabled === false ? `[${label}]` : label;
  });
}

function find(items: readonly TrayMenuItem[], id: string): TrayMenuItem {
  for (const item of items) {
    if (item.id === id) return item;
    const inner = item.submenu && findOrUndefined(item.submenu, id);
    if (inner) return inner;
  }
  throw new Error(`no menu item ${id}`);
}

function findOrUndefined(items: readonly TrayMenuItem[], id: string): TrayMenuItem | undefined {
  try {
    return find(items, id);
  } catch {
    return undefined;
  }
}

function allIds(items: readonly TrayMenuItem[]): string[] {
  return items.flatMap((item) => [...(item.id ? [item.id] : []), ...allIds(item.submenu ?? [])]);
}

/** The signed-out menu as `outline` shows it; expired and error build on it. */
const SIGNED_OUT = [
  'Sign in to Pipecat Cloud',
  'Use personal access token…',
  '---',
  'Environment >',
  '---',
  '( ) Start at login',
  'Quit',
];

describe('the tray menu', () => {
  it('signed out: sign in, a PAT, the environment, start at login, quit', () => {
    expect(outline(menu(view()))).toEqual(SIGNED_OUT);
    expect(find(menu(view()), 'sign-in').action).toEqual({ name: 'signIn', args: [] });
    expect(find(menu(view()), 'use-pat').action).toEqual({ name: 'openPatWindow', args: [] });
    expect(find(menu(view()), 'quit').action).toEqual({ name: 'quit', args: [] });
  });

  it('start at login is a checkbox whose click asks for the opposite of what is set', () => {
    const off = find(menu(view({ startAtLogin: false })), 'start-at-login');
    const on = find(menu(view({ startAtLogin: true })), 'start-at-login');
    expect(off).toMatchObject({ type: 'checkbox', checked: false, label: 'Start at login' });
    expect(off.action).toEqual({ name: 'setStartAtLogin', args: [true] });
    expect(on).toMatchObject({ type: 'checkbox', checked: true });
    expect(on.action).toEqual({ name: 'setStartAtLogin', args: [false] });
  });

  it('signing in: waiting (disabled), copy the link, cancel, and a way to quit', () => {
    const items = menu(view({ status: 'signing_in', signInUrl: 'https://login.example/authorize?x=1' }));
    expect(outline(items)).toEqual([
      '[Waiting for browser…]',
      'Copy sign-in link',
      'Cancel sign-in',
      '---',
      'Quit',
    ]);
    expect(find(items, 'copy-sign-in-link').action).toEqual({ name: 'copySignInLink', args: [] });
    expect(find(items, 'cancel-sign-in').action).toEqual({ name: 'cancelSignIn', args: [] });
  });

  it('signing in without a link yet: "Copy sign-in link" is disabled', () => {
    expect(find(menu(view({ status: 'signing_in' })), 'copy-sign-in-link').enabled).toBe(false);
  });

  it('signed in with OAuth: who, how and when, the org and environment pickers, and every action', () => {
    expect(outline(menu(signedIn()))).toEqual([
      '[dev@example.com]',
      '[Signed in with OAuth · refreshes in 23 h]',
      '---',
      'Organization >',
      'Refresh now',
      'Open Pipecat Cloud dashboard',
      'Environment >',
      '---',
      'Show account…',
      'Sign out',
      '---',
      '( ) Start at login',
      'Quit',
    ]);
  });

  it('signed in: the organization submenu has one radio item per org, verbose names, the active one checked', () => {
    const org = find(menu(signedIn({ org: 'second-org', orgVerboseName: 'Second Org' })), 'organization');
    expect(org.type).toBe('submenu');
    expect(org.label).toBe('Organization');
    expect(outline(org.submenu ?? [])).toEqual(['( ) Acme Inc.', '(x) Second Org']);
    expect(org.submenu?.map((item) => item.type)).toEqual(['radio', 'radio']);
    expect(org.submenu?.map((item) => item.action)).toEqual([
      { name: 'switchOrganization', args: ['acme'] },
      { name: 'switchOrganization', args: ['second-org'] },
    ]);
  });

  it('an organization without a verbose name shows its name; an account without orgs says so', () => {
    const items = menu(signedIn({ organizations: [{ name: 'bare', verboseName: '' }], org: 'bare' }));
    expect(outline(find(items, 'organization').submenu ?? [])).toEqual(['(x) bare']);
    const none = menu(signedIn({ organizations: [], org: undefined }));
    expect(outline(find(none, 'organization').submenu ?? [])).toEqual(['[No organization]']);
  });

  it('the environment submenu is a radio group: Production, Staging, Custom…', () => {
    for (const environment of ['production', 'staging', 'custom'] as const) {
      const env = find(menu(signedIn({ environment })), 'environment');
      expect(outline(env.submenu ?? [])).toEqual([
        `${environment === 'production' ? '(x)' : '( )'} Production`,
        `${environment === 'staging' ? '(x)' : '( )'} Staging`,
        `${environment === 'custom' ? '(x)' : '( )'} Custom…`,
      ]);
    }
    const env = find(menu(signedIn()), 'environment').submenu ?? [];
    expect(env.map((item) => item.action)).toEqual([
      { name: 'setEnvironment', args: ['production'] },
      { name: 'setEnvironment', args: ['staging'] },
      { name: 'chooseCustomEnvironment', args: [] },
    ]);
  });

  it('signed in with a personal access token: no refresh, the method line says so', () => {
    const items = menu(signedIn({ status: 'pat', tokenExpiresAt: undefined, nextRefreshAtMs: undefined }));
    expect(outline(items).slice(0, 2)).toEqual(['[dev@example.com]', '[Personal access token]']);
    expect(allIds(items)).not.toContain('refresh-now');
    expect(allIds(items)).toEqual(expect.arrayContaining(['organization', 'open-dashboard', 'sign-out']));
  });

  it('every signed-in action is bound to its registry action', () => {
    const items = menu(signedIn());
    expect(find(items, 'refresh-now').action).toEqual({ name: 'refreshNow', args: [] });
    expect(find(items, 'open-dashboard').action).toEqual({ name: 'openDashboard', args: [] });
    expect(find(items, 'show-account').action).toEqual({ name: 'showAccount', args: [] });
    expect(find(items, 'sign-out').action).toEqual({ name: 'signOut', args: [] });
    expect(find(items, 'account').action).toBeUndefined();
    expect(find(items, 'auth-method').action).toBeUndefined();
  });

  it('the refresh countdown is in human units, and says when it is due', () => {
    const line = (nextRefreshAtMs: number | undefined): string | undefined =>
      find(menu(signedIn({ nextRefreshAtMs })), 'auth-method').label;
    expect(line(NOW + 23 * HOUR + 59 * 60_000)).toBe('Signed in with OAuth · refreshes in 23 h');
    expect(line(NOW + 45 * 60_000 + 30_000)).toBe('Signed in with OAuth · refreshes in 45 min');
    expect(line(NOW + 20_000)).toBe('Signed in with OAuth · refreshes in less than a minute');
    expect(line(NOW + 3 * 24 * HOUR)).toBe('Signed in with OAuth · refreshes in 3 d');
    expect(line(NOW - 1)).toBe('Signed in with OAuth · refreshing now');
    expect(line(undefined)).toBe('Signed in with OAuth');
  });

  it('a problem while signed in is shown, disabled, under the method line', () => {
    const items = menu(signedIn({ lastError: 'Could not refresh the session: the network is down.' }));
    expect(outline(items).slice(0, 4)).toEqual([
      '[dev@example.com]',
      '[Signed in with OAuth · refreshes in 23 h]',
      '[Could not refresh the session: the network is down.]',
      '---',
    ]);
  });

  it('expired: "Session expired · Sign in again" comes first and signs in', () => {
    const items = menu(view({ status: 'expired', email: 'dev@example.com' }));
    expect(outline(items)).toEqual(['Session expired · Sign in again', ...SIGNED_OUT.slice(1)]);
    expect(items[0]?.action).toEqual({ name: 'signIn', args: [] });
  });

  it('expired with a reason: the reason follows the first line', () => {
    const items = menu(view({ status: 'expired', lastError: 'Pipecat Cloud no longer accepts this token.' }));
    expect(outline(items).slice(0, 2)).toEqual([
      'Session expired · Sign in again',
      '[Pipecat Cloud no longer accepts this token.]',
    ]);
  });

  it('error: the problem first, disabled, then the ways to sign in', () => {
    const items = menu(
      view({ status: 'error', lastError: 'The credentials file is not valid TOML (line 3).' }),
    );
    expect(outline(items)).toEqual([
      '[The credentials file is not valid TOML (line 3).]',
      '---',
      ...SIGNED_OUT,
    ]);
    expect(outline(menu(view({ status: 'error' })))[0]).toBe(`[${MENU_LABELS.unknownProblem}]`);
  });

  it('on Linux, where tray clicks may never arrive, every state offers "Show account…"', () => {
    for (const status of ['signed_out', 'expired', 'error'] as const) {
      expect(allIds(menu(view({ status }), 'linux'))).toContain('show-account');
      expect(allIds(menu(view({ status }), 'darwin'))).not.toContain('show-account');
      expect(allIds(menu(view({ status }), 'win32'))).not.toContain('show-account');
    }
    expect(allIds(menu(signedIn(), 'linux')).filter((id) => id === 'show-account')).toHaveLength(1);
  });

  it('every state ends with Quit, and ids are unique in every menu', () => {
    const states: AccountView[] = [
      view(),
      view({ status: 'signing_in' }),
      signedIn(),
      signedIn({ status: 'pat' }),
      view({ status: 'expired' }),
      view({ status: 'error', lastError: 'x' }),
    ];
    for (const state of states) {
      for (const platform of ['darwin', 'win32', 'linux'] as const) {
        const items = menu(state, platform);
        expect(items.at(-1)?.id).toBe('quit');
        const ids = allIds(items);
        expect(new Set(ids).size).toBe(ids.length);
      }
    }
  });

  it('text from the account is shown literally: "&" doubled, long lines cut, no line breaks', () => {
    const items = menu(
      signedIn({
        email: 'r&d@example.com',
        organizations: [{ name: 'rnd', verboseName: 'R&D\nLab' }],
        org: 'rnd',
        lastError: `Problem ${'x'.repeat(200)}`,
      }),
    );
    expect(find(items, 'account').label).toBe('r&&d@example.com');
    expect(find(items, 'org:rnd').label).toBe('R&&D Lab');
    const problem = find(items, 'problem').label ?? '';
    expect(problem.length).toBeLessThanOrEqual(80);
    expect(problem.endsWith('…')).toBe(true);
  });

  it('is plain data that Electron accepts as a menu template', () => {
    // A compile-time check as much as a run-time one: tsc rejects this file if the shapes drift.
    const template: MenuItemConstructorOptions[] = menu(signedIn());
    expect(JSON.parse(JSON.stringify(template))).toEqual(template);
    expect(template.every((item) => !('click' in item))).toBe(true);
  });

  it('is a pure function: the same view gives the same menu, and the view is not touched', () => {
    const state = signedIn();
    const before = structuredClone(state);
    expect(menu(state)).toEqual(menu(state));
    expect(state).toEqual(before);
  });
});
