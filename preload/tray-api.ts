import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { INVOKE_CHANNELS, STATE_CHANNEL, type AccountView, type TrayApi } from '../main/ipc/contract.js';

/** The three calls of ipcRenderer the API needs, so a test can hand in a fake. */
type IpcPort = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

/**
 * `window.pipecatTray`, built from the action registry: one method per window action, each an
 * `invoke` on its channel, plus `onState`. ipcRenderer itself and its events never reach the
 * page: an event carries `sender`, which would let a page send on any channel.
 */
export function createTrayApi(ipc: IpcPort): TrayApi {
  // Object.fromEntries cannot carry the per-method signatures; the registry's types guarantee them.
  const invokers = Object.fromEntries(
    Object.entries(INVOKE_CHANNELS).map(([method, channel]) => [
      method,
      (...args: unknown[]) => ipc.invoke(channel, ...args),
    ]),
  ) as Omit<TrayApi, 'onState'>;

  const onState: TrayApi['onState'] = (listener) => {
    const forward = (_event: IpcRendererEvent, view: AccountView): void => listener(view);
    ipc.on(STATE_CHANNEL, forward);
    return () => {
      ipc.removeListener(STATE_CHANNEL, forward);
    };
  };

  return Object.freeze({ ...invokers, onState });
}
