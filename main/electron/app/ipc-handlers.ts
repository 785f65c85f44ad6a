import {
  checkWindowCall,
  INVOKE_CHANNELS,
  runAction,
  type ActionHost,
  type InvokeMethod,
} from '../../ipc/actions.js';
import {
  isTrustedSender,
  senderInfo,
  type IpcEventLike,
  type TrustedSenders,
} from '../ipc/trusted-sender.js';

/** `ipcMain`'s two calls the registry needs; Electron's ipcMain fits, tests pass a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcHandlerDeps {
  /** What the actions run against; the window to close is the caller's. */
  host: Omit<ActionHost, 'closeCaller'>;
  /** Read on every message: windows come and go. */
  trustedSenders(): TrustedSenders;
  /** Closes (or hides) the window whose webContents sent `closeWindow`. */
  closeWindow(webContentsId: number): void;
  /** A refused message, for the log: channel and reason only, never an argument (it may be a PAT). */
  onRefused?(channel: string, reason: string): void;
}

/** Thrown back to the page, whose invoke promise rejects; it says nothing about the arguments. */
class RefusedCallError extends Error {
  override readonly name = 'RefusedCallError';
}

/**
 * One handler per window action of the registry (after electron/fiddle's ipc wrapper): a message
 * is answered only if it comes from the top frame of one of main's own windows showing one of the
 * app's pages, and only after its arguments, received as `unknown`, have the shapes the action
 * declares. Returns a function that removes every handler.
 */
export function registerIpcHandlers(ipc: IpcMainLike, deps: IpcHandlerDeps): () => void {
  const entries = Object.entries(INVOKE_CHANNELS) as [InvokeMethod, string][];
  for (const [name, channel] of entries) {
    ipc.handle(channel, (event, ...args) => {
      const refuse = (reason: string): never => {
        deps.onRefused?.(channel, reason);
        throw new RefusedCallError(`The tray refused ${channel}.`);
      };
      if (!isTrustedSender(senderInfo(event), deps.trustedSenders())) return refuse('not one of our windows');
      const call = checkWindowCall(name, args);
      if (!call.ok) return refuse(call.error);
      return runAction(call.value, { ...deps.host, closeCaller: () => deps.closeWindow(event.sender.id) });
    });
  }
  return () => {
    for (const [, channel] of entries) ipc.removeHandler(channel);
  };
}
