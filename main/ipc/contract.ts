/**
 * The one registry of what crosses between the tray's main process and its windows. Main,
 * preload and renderer all import it (renderer: types only). No token ever crosses, except a
 * personal access token travelling one way, renderer → main, in `usePersonalAccessToken`.
 * Nothing here imports electron: main/electron wires it, preload exposes it, tests bind it.
 */
import type { AccountState } from '../core/session/account-state.js';

export type EnvironmentName = 'production' | 'staging' | 'custom';

/** What a window shows: the account state plus the preferences it can change. Never a secret. */
export interface AccountView extends AccountState {
  environment: EnvironmentName;
  customApiHost?: string;
  startAtLogin: boolean;
  /** The authorize URL while signing in, so a window can offer "Copy sign-in link". */
  signInUrl?: string;
}

export type ActionResult = { ok: true; message?: string } | { ok: false; message: string };

/** The object the preload script exposes as `window.pipecatTray`. */
export interface TrayApi {
  getState(): Promise<AccountView>;
  /** Calls `listener` on every state change; returns a function that stops it. */
  onState(listener: (view: AccountView) => void): () => void;
  signIn(): Promise<ActionResult>;
  cancelSignIn(): Promise<ActionResult>;
  /** The address a browser on another machine ended on, pasted back while signing in. */
  completeSignInFromPastedUrl(text: string): Promise<ActionResult>;
  usePersonalAccessToken(pat: string): Promise<ActionResult>;
  switchOrganization(name: string): Promise<ActionResult>;
  refreshNow(): Promise<ActionResult>;
  signOut(): Promise<ActionResult>;
  setEnvironment(environment: EnvironmentName, customApiHost?: string): Promise<ActionResult>;
  setStartAtLogin(enabled: boolean): Promise<ActionResult>;
  openDashboard(): Promise<ActionResult>;
  closeWindow(): Promise<ActionResult>;
}

export type InvokeMethod = Exclude<keyof TrayApi, 'onState'>;

/** Channel names, one per method: the preload and main build their halves from this list. */
export const INVOKE_CHANNELS: Readonly<Record<InvokeMethod, string>> = Object.freeze({
  getState: 'tray:get-state',
  signIn: 'tray:sign-in',
  cancelSignIn: 'tray:cancel-sign-in',
  completeSignInFromPastedUrl: 'tray:paste-sign-in-address',
  usePersonalAccessToken: 'tray:use-pat',
  switchOrganization: 'tray:switch-org',
  refreshNow: 'tray:refresh-now',
  signOut: 'tray:sign-out',
  setEnvironment: 'tray:set-environment',
  setStartAtLogin: 'tray:set-start-at-login',
  openDashboard: 'tray:open-dashboard',
  closeWindow: 'tray:close-window',
});

/** main → renderer push of the current AccountView. */
export const STATE_CHANNEL = 'tray:state';
