/**
 * What the tray's core offers a shell, as types only. Pure (no Node), so the IPC registry and the
 * windows' type check read it; the types flow from here to main/ipc, never back.
 */
import type { AccountState } from '../session/account-state.js';

export type EnvironmentName = 'production' | 'staging' | 'custom';

/** What a window shows: the account state plus the preferences it can change. Never a secret. */
export interface AccountView extends AccountState {
  environment: EnvironmentName;
  customApiHost?: string;
  startAtLogin: boolean;
  /** The authorize URL while signing in, so a window can offer "Copy sign-in link". */
  signInUrl?: string;
  /** "Keep the refresh token in the system keychain" (main/core/app/keychain-setting.ts). */
  keychain?: KeychainView;
}

export interface KeychainView {
  on: boolean;
  /** Why it cannot be turned on here, once a try found no keychain (one sentence). */
  unavailable?: string;
}

export type ActionResult = { ok: true; message?: string } | { ok: false; message: string };

/**
 * The core's side of every tray action (TrayService implements it; main/ipc/actions.ts calls it).
 * Methods never throw: failures come back as `{ ok: false, message }`, one sentence for the user.
 */
export interface TrayCore {
  /** The view as it is now. */
  readonly state: AccountView;
  getState(): Promise<AccountView>;
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
  /** Moves the refresh token into the system keychain (true) or back into the file (false). */
  setKeepRefreshTokenInKeychain(enabled: boolean): Promise<ActionResult>;
  openDashboard(): Promise<ActionResult>;
}
