import type { TrayService } from '../../core/app/tray-service.js';
import {
  INVOKE_CHANNELS,
  type AccountView,
  type ActionResult,
  type InvokeMethod,
} from '../../ipc/contract.js';
import {
  isTrustedSender,
  senderInfo,
  type IpcEventLike,
  type TrustedSenders,
} from '../ipc/trusted-sender.js';
import { validateInvoke, type ValidInvoke } from '../ipc/validate.js';

/** What the handlers call: every TrayApi method but the window's own `closeWindow`. */
export type TrayInvokeService = Pick<TrayService, Exclude<InvokeMethod, 'closeWindow'>>;

/** `ipcMain`'s two calls the registry needs; Electron's ipcMain fits, tests pass a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcHandlerDeps {
  service: TrayInvokeService;
  /** Read on every message: windows come and go. */
  trustedSenders(): TrustedSenders;
  /** Closes (or hides) the window whose webContents sent `closeWindow`. */
  closeWindow(webContentsId: number): void;
  /** A refused message, for the log: channel and reason only, never an argument (it may be a PAT). */
  onRefused?(channel: string, reason: string): void;
}

/** Thrown back to the page, whose invoke promise rejects; it says nothing about the arguments. */
export class RefusedCallError extends Error {
  override readonly name = 'RefusedCallError';
}

/**
 * One handler per channel of the registry (after electron/fiddle's ipc wrapper): a message is
 * answered only if it comes from the top frame of one of main's own windows showing one of the
 * app's pages, and only after its arguments, received as `unknown`, have the shapes TrayApi
 * declares. Returns a function that removes every handler.
 */
export function registerIpcHandlers(ipc: IpcMainLike, deps: IpcHandlerDeps): () => void {
  const entries = Object.entries(INVOKE_CHANNELS) as [InvokeMethod, string][];
  for (const [method, channel] of entries) {
    ipc.handle(channel, (event, ...args) => {
      const refuse = (reason: string): never => {
        deps.onRefused?.(channel, reason);
        throw new RefusedCallError(`The tray refused ${channel}.`);
      };
      if (!isTrustedSender(senderInfo(event), deps.trustedSenders())) return refuse('not one of our windows');
      const call = validateInvoke(method, args);
      if (!call.ok) return refuse(call.error);
      return dispatch(call.value, deps, event.sender.id);
    });
  }
  return () => {
    for (const [, channel] of entries) ipc.removeHandler(channel);
  };
}

function dispatch(
  call: ValidInvoke,
  { service, closeWindow }: IpcHandlerDeps,
  senderId: number,
): Promise<AccountView | ActionResult> {
  switch (call.method) {
    case 'getState':
      return service.getState();
    case 'signIn':
      return service.signIn();
    case 'cancelSignIn':
      return service.cancelSignIn();
    case 'completeSignInFromPastedUrl':
      return service.completeSignInFromPastedUrl(...call.args);
    case 'usePersonalAccessToken':
      return service.usePersonalAccessToken(...call.args);
    case 'switchOrganization':
      return service.switchOrganization(...call.args);
    case 'refreshNow':
      return service.refreshNow();
    case 'signOut':
      return service.signOut();
    case 'setEnvironment':
      return service.setEnvironment(...call.args);
    case 'setStartAtLogin':
      return service.setStartAtLogin(...call.args);
    case 'openDashboard':
      return service.openDashboard();
    case 'closeWindow':
      closeWindow(senderId);
      return Promise.resolve({ ok: true });
  }
}
