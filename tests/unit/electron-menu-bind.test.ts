import { describe, expect, it } from 'vitest';
import { bindMenu, buildTrayMenu } from '../../main/electron/menu/index.js';
import type { ActionCall } from '../../main/ipc/actions.js';
import type { MenuItemConstructorOptions } from 'electron';
import { accountView, ORGS } from './support/account-view.js';

const signedIn = accountView({
  status: 'oauth',
  startAtLogin: true,
  email: 'dev@example.com',
  org: 'acme',
  organizations: ORGS,
});

type Click = () => void;

function clickOf(items: MenuItemConstructorOptions[], id: string): Click {
  for (const item of items) {
    if (item.id === id && item.click) return item.click as unknown as Click;
    if (Array.isArray(item.submenu)) {
      try {
        return clickOf(item.submenu, id);
      } catch {
        // not in this submenu
      }
    }
  }
  throw new Error(`no clickable item ${id}`);
}

describe('binding the menu to actions', () => {
  const template = buildTrayMenu(signedIn, { platform: 'linux', nowMs: 0 });

  it('a click hands the item action to the dispatcher, submenus included', () => {
    const dispatched: ActionCall[] = [];
    const bound = bindMenu(template, (action) => dispatched.push(action));
    clickOf(bound, 'sign-out')();
    clickOf(bound, 'org:second-org')();
    clickOf(bound, 'environment:staging')();
    clickOf(bound, 'start-at-login')();
    expect(dispatched).toEqual([
      { name: 'signOut', args: [] },
      { name: 'switchOrganization', args: ['second-org'] },
      { name: 'setEnvironment', args: ['staging'] },
      { name: 'setStartAtLogin', args: [false] },
    ]);
  });

  it('items without an action get no click, and nothing else changes', () => {
    const bound = bindMenu(template, () => undefined);
    const account = bound.find((item) => item.id === 'account');
    expect(account).toEqual({ id: 'account', type: 'normal', label: 'dev@example.com', enabled: false });
    expect(bound.filter((item) => item.type === 'separator')).toHaveLength(
      template.filter((item) => item.type === 'separator').length,
    );
    expect(bound.every((item) => !('action' in item))).toBe(true);
  });
});
