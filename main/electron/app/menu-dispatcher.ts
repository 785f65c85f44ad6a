import type { TrayService } from '../../core/app/tray-service.js';
import type { ActionResult } from '../../ipc/contract.js';
import type { MenuAction } from '../menu/index.js';
import type { WindowKind } from './window-options.js';

export interface MenuDispatcherDeps {
  service: Pick<
    TrayService,
    | 'state'
    | 'signIn'
    | 'cancelSignIn'
    | 'switchOrganization'
    | 'refreshNow'
    | 'openDashboard'
    | 'setEnvironment'
    | 'signOut'
    | 'setStartAtLogin'
    | 'setKeepRefreshTokenInKeychain'
  >;
  showWindow(kind: WindowKind): void;
  copyText(text: string): void;
  quit(): void;
  /** A menu has nowhere to say what went wrong, so a failed action is reported outside it. */
  reportFailure(message: string): void;
  /**
   * Re-sets the menu after every click: a radio or checkbox item shows the click at once, even
   * when the state does not change (Custom… only opens the window; a failed toggle stays off).
   */
  refreshMenu(): void;
}

/** What each tray menu item does. */
export function createMenuDispatcher(deps: MenuDispatcherDeps): (action: MenuAction) => void {
  return (action) => {
    void run(action, deps)
      .then((result) => {
        if (result && !result.ok) deps.reportFailure(result.message);
      })
      .finally(() => deps.refreshMenu());
  };
}

async function run(action: MenuAction, deps: MenuDispatcherDeps): Promise<ActionResult | undefined> {
  const { service } = deps;
  switch (action.kind) {
    case 'sign-in':
      return service.signIn();
    case 'cancel-sign-in':
      return service.cancelSignIn();
    case 'use-personal-access-token':
      deps.showWindow('pat');
      return undefined;
    case 'copy-sign-in-link': {
      const url = service.state.signInUrl;
      if (url) deps.copyText(url);
      return undefined;
    }
    case 'switch-organization':
      return service.switchOrganization(action.name);
    case 'refresh-now':
      return service.refreshNow();
    case 'open-dashboard':
      return service.openDashboard();
    case 'set-environment':
      return service.setEnvironment(action.environment);
    case 'choose-custom-environment':
    case 'show-account':
      deps.showWindow('account');
      return undefined;
    case 'sign-out':
      return service.signOut();
    case 'set-start-at-login':
      return service.setStartAtLogin(action.enabled);
    case 'set-keychain':
      return service.setKeepRefreshTokenInKeychain(action.enabled);
    case 'quit':
      deps.quit();
      return undefined;
  }
}
