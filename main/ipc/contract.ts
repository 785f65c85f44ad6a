/**
 * What crosses between the tray's main process and its windows. Main, preload and renderer all
 * import it (renderer: types only). No token ever crosses, except a personal access token
 * travelling one way, renderer → main, in `usePersonalAccessToken`. The methods and their
 * channels come from the one action registry (actions.ts); the view's types from the core.
 */
export type { AccountView, ActionResult, EnvironmentName } from '../core/app/tray-core.js';
export { INVOKE_CHANNELS, type InvokeMethod, type TrayApi } from './actions.js';

/** main → renderer push of the current AccountView. */
export const STATE_CHANNEL = 'tray:state';
