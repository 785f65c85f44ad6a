import {
  DEFAULT_PREFERENCES,
  type Preferences,
  type PreferencesStore,
} from '../../main/core/app/preferences.js';

/** The tray's preferences kept in memory, where the app keeps them in electron-store. */
export function memoryPreferences(initial: Partial<Preferences> = {}): PreferencesStore {
  let current: Preferences = { ...DEFAULT_PREFERENCES, ...initial };
  return {
    read: () => current,
    write: (next) => {
      current = { ...next };
    },
  };
}
