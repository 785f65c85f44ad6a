import type { EnvironmentName } from './tray-core.js';

/** What the user chose in the tray; credentials never live here (only in the CLI's file). */
export interface Preferences {
  environment: EnvironmentName;
  customApiHost?: string;
  startAtLogin: boolean;
  /** False until the user touches the toggle: the first sign-in then turns start-at-login on. */
  startAtLoginChosen: boolean;
  notifications: boolean;
}

export const DEFAULT_PREFERENCES: Readonly<Preferences> = Object.freeze({
  environment: 'production',
  startAtLogin: false,
  startAtLoginChosen: false,
  notifications: true,
});

/** electron-store in the tray. */
export interface PreferencesStore {
  read(): Preferences;
  write(preferences: Preferences): void;
}

export const STAGING_API_HOST = 'https://staging.qa.pipecat.cloud';
