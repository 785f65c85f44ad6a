import { runAction, type ActionCall, type ActionHost } from '../../ipc/actions.js';

export interface MenuDispatcherDeps {
  /** What the actions run against; a menu click has no calling window to close. */
  host: Omit<ActionHost, 'closeCaller'>;
  /** A menu has nowhere to say what went wrong, so a failed action is reported outside it. */
  reportFailure(message: string): void;
  /**
   * Re-sets the menu after every click: a radio or checkbox item shows the click at once, even
   * when the state does not change (Custom… only opens the window; a failed toggle stays off).
   */
  refreshMenu(): void;
}

/** Runs the action a tray menu item stands for, through the same registry the windows call. */
export function createMenuDispatcher(deps: MenuDispatcherDeps): (call: ActionCall) => void {
  return (call) => {
    void runAction(call, deps.host)
      .then((result) => {
        if (isFailure(result)) deps.reportFailure(result.message);
      })
      .finally(() => deps.refreshMenu());
  };
}

function isFailure(result: unknown): result is { ok: false; message: string } {
  return typeof result === 'object' && result !== null && 'ok' in result && result.ok === false;
}
