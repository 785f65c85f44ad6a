import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { createMenuDispatcher, type MenuDispatcherDeps } from '../../main/electron/app/menu-dispatcher.js';
import { TrayController, type TrayLike } from '../../main/electron/app/tray-controller.js';
import type { WindowKind } from '../../main/ipc/actions.js';
import { call, type ActionCall } from '../../main/ipc/actions.js';
import type { AccountView, ActionResult } from '../../main/ipc/contract.js';
import { accountView } from './support/account-view.js';

const ICONS = '/app/build/tray';
const HOUR = 3_600_000;
const signedIn = accountView({
  status: 'oauth',
  startAtLogin: true,
  email: 'dev@example.com',
  org: 'acme',
  orgVerboseName: 'Acme Inc.',
  organizations: [{ name: 'acme', verboseName: 'Acme Inc.' }],
  nextRefreshAtMs: 24 * HOUR,
});
const expired: AccountView = { ...signedIn, status: 'expired', email: undefined, nextRefreshAtMs: undefined };

type FakeMenu = { template: MenuItemConstructorOptions[] };

class FakeTray extends EventEmitter implements TrayLike<FakeMenu> {
  images: string[] = [];
  tooltips: string[] = [];
  attached: (FakeMenu | null)[] = [];
  poppedUp: (FakeMenu | undefined)[] = [];
  setImage(image: string): void {
    this.images.push(image);
  }
  setToolTip(toolTip: string): void {
    this.tooltips.push(toolTip);
  }
  setContextMenu(menu: FakeMenu | null): void {
    this.attached.push(menu);
  }
  popUpContextMenu(menu?: FakeMenu): void {
    this.poppedUp.push(menu);
  }
}

function controllerOn(platform: NodeJS.Platform, clock = { now: 0 }) {
  const tray = new FakeTray();
  const dispatched: ActionCall[] = [];
  const opened: string[] = [];
  const controller = new TrayController<FakeMenu>({
    tray,
    buildMenu: (template) => ({ template }),
    platform,
    iconDirectory: ICONS,
    dispatch: (action) => dispatched.push(action),
    openAccount: () => opened.push('account'),
    now: () => clock.now,
  });
  return { tray, controller, dispatched, opened, clock };
}

const labels = (menu: FakeMenu | null | undefined): (string | undefined)[] =>
  (menu?.template ?? []).map((item) => item.label);

describe('TrayController', () => {
  it('attaches a freshly built menu on every render (Linux picks up only a set menu)', () => {
    const { tray, controller } = controllerOn('linux');
    controller.render(signedIn);
    controller.render(expired);
    expect(tray.attached).toHaveLength(2);
    expect(tray.attached[0]).not.toBe(tray.attached[1]);
    expect(labels(tray.attached[0])[0]).toBe('dev@example.com');
    expect(labels(tray.attached[1])[0]).toBe('Session expired · Sign in again');
  });

  it('shows the state in the icon and the tooltip', () => {
    const { tray, controller } = controllerOn('linux');
    controller.render(signedIn);
    controller.render(expired);
    expect(tray.images).toEqual([path.join(ICONS, 'tray.png'), path.join(ICONS, 'tray-attention.png')]);
    expect(tray.tooltips[0]).toContain('dev@example.com');
    expect(tray.tooltips[1]).toContain('session expired');
  });

  it('does not set the image the tray was created with', () => {
    const tray = new FakeTray();
    const controller = new TrayController<FakeMenu>({
      tray,
      buildMenu: (template) => ({ template }),
      platform: 'linux',
      iconDirectory: ICONS,
      initialIcon: path.join(ICONS, 'tray.png'),
      dispatch: () => undefined,
      openAccount: () => undefined,
      now: () => 0,
    });
    controller.render(signedIn);
    expect(tray.images).toEqual([]);
  });

  it('does not set the same image twice', () => {
    const { tray, controller } = controllerOn('win32');
    controller.render(signedIn);
    controller.render({ ...signedIn, org: 'second-org' });
    expect(tray.images).toEqual([path.join(ICONS, 'tray.ico')]);
  });

  it('re-renders the last view on tick, so "refreshes in" counts down', () => {
    const { tray, controller, clock } = controllerOn('linux');
    controller.tick();
    expect(tray.attached).toHaveLength(0);
    controller.render(signedIn);
    clock.now = 2 * HOUR;
    controller.tick();
    const methodLine = (menu: FakeMenu | null | undefined) => labels(menu)[1];
    expect(methodLine(tray.attached[0])).toBe('Signed in with OAuth · refreshes in 24 h');
    expect(methodLine(tray.attached[1])).toBe('Signed in with OAuth · refreshes in 22 h');
  });

  it('binds each item to the dispatcher', () => {
    const { tray, controller, dispatched } = controllerOn('linux');
    controller.render(expired);
    const first = tray.attached[0]?.template[0];
    (first?.click as unknown as () => void)();
    expect(dispatched).toEqual([{ name: 'signIn', args: [] }]);
  });

  it('on macOS pops the menu up on right-click and opens the account on left-click', () => {
    const { tray, controller, opened } = controllerOn('darwin');
    tray.emit('right-click');
    expect(tray.poppedUp).toEqual([]);
    controller.render(signedIn);
    expect(tray.attached).toEqual([]);
    tray.emit('right-click');
    expect(labels(tray.poppedUp[0])[0]).toBe('dev@example.com');
    tray.emit('click');
    expect(opened).toEqual(['account']);
    expect(tray.images).toEqual([path.join(ICONS, 'trayTemplate.png')]);
  });

  it('on Windows opens the account on left-click; on Linux clicks do nothing but the menu', () => {
    const windows = controllerOn('win32');
    windows.tray.emit('click');
    expect(windows.opened).toEqual(['account']);
    const linux = controllerOn('linux');
    linux.tray.emit('click');
    expect(linux.opened).toEqual([]);
  });
});

function dispatcher(view: AccountView = signedIn, results: Partial<Record<string, ActionResult>> = {}) {
  const calls: [string, unknown[]][] = [];
  const shown: WindowKind[] = [];
  const copied: string[] = [];
  const failures: string[] = [];
  let quits = 0;
  let refreshes = 0;
  const act =
    (name: string) =>
    async (...args: unknown[]): Promise<ActionResult> => {
      calls.push([name, args]);
      return results[name] ?? { ok: true };
    };
  const deps: MenuDispatcherDeps = {
    host: {
      core: {
        state: view,
        getState: async () => view,
        signIn: act('signIn'),
        cancelSignIn: act('cancelSignIn'),
        completeSignInFromPastedUrl: act('completeSignInFromPastedUrl'),
        usePersonalAccessToken: act('usePersonalAccessToken'),
        switchOrganization: act('switchOrganization'),
        refreshNow: act('refreshNow'),
        openDashboard: act('openDashboard'),
        setEnvironment: act('setEnvironment'),
        signOut: act('signOut'),
        setStartAtLogin: act('setStartAtLogin'),
        setKeepRefreshTokenInKeychain: act('setKeepRefreshTokenInKeychain'),
      },
      showWindow: (kind: WindowKind) => shown.push(kind),
      copyText: (text: string) => copied.push(text),
      quit: () => (quits += 1),
    },
    reportFailure: (message) => failures.push(message),
    refreshMenu: () => (refreshes += 1),
  };
  let settled: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (settled = resolve));
  const dispatch = createMenuDispatcher({
    ...deps,
    refreshMenu: () => {
      deps.refreshMenu();
      settled();
    },
  });
  return {
    run: async (action: ActionCall) => {
      dispatch(action);
      await done;
    },
    calls,
    shown,
    copied,
    failures,
    get quits() {
      return quits;
    },
    get refreshes() {
      return refreshes;
    },
  };
}

describe('the menu dispatcher', () => {
  const serviceCalls: [ActionCall, [string, unknown[]]][] = [
    [call('signIn'), ['signIn', []]],
    [call('cancelSignIn'), ['cancelSignIn', []]],
    [call('switchOrganization', 'second-org'), ['switchOrganization', ['second-org']]],
    [call('refreshNow'), ['refreshNow', []]],
    [call('openDashboard'), ['openDashboard', []]],
    [call('setEnvironment', 'staging'), ['setEnvironment', ['staging']]],
    [call('signOut'), ['signOut', []]],
    [call('setStartAtLogin', false), ['setStartAtLogin', [false]]],
    [call('setKeepRefreshTokenInKeychain', true), ['setKeepRefreshTokenInKeychain', [true]]],
  ];
  for (const [action, expected] of serviceCalls) {
    it(`${action.name} calls ${expected[0]} and re-sets the menu`, async () => {
      const menu = dispatcher();
      await menu.run(action);
      expect(menu.calls).toEqual([expected]);
      expect(menu.refreshes).toBe(1);
    });
  }

  it('opens windows for the PAT, Custom… and Show account…', async () => {
    for (const [action, kind] of [
      [call('openPatWindow'), 'pat'],
      [call('chooseCustomEnvironment'), 'account'],
      [call('showAccount'), 'account'],
    ] as const) {
      const menu = dispatcher();
      await menu.run(action);
      expect(menu.shown).toEqual([kind]);
      expect(menu.calls).toEqual([]);
    }
  });

  it('copies the sign-in link while there is one', async () => {
    const url = 'https://auth.example.com/authorize?state=x';
    const waiting = dispatcher({ ...signedIn, status: 'signing_in', signInUrl: url });
    await waiting.run(call('copySignInLink'));
    expect(waiting.copied).toEqual([url]);
    const none = dispatcher();
    await none.run(call('copySignInLink'));
    expect(none.copied).toEqual([]);
  });

  it('quits', async () => {
    const menu = dispatcher();
    await menu.run(call('quit'));
    expect(menu.quits).toBe(1);
  });

  it('reports a failed action outside the menu, and only a failed one', async () => {
    const menu = dispatcher(signedIn, {
      refreshNow: { ok: false, message: 'Pipecat Cloud could not be reached.' },
    });
    await menu.run(call('refreshNow'));
    expect(menu.failures).toEqual(['Pipecat Cloud could not be reached.']);
    const fine = dispatcher(signedIn, { signOut: { ok: true, message: 'Signed out.' } });
    await fine.run(call('signOut'));
    expect(fine.failures).toEqual([]);
  });
});
