import Store from 'electron-store';
import type { Preferences, PreferencesStore } from '../../core/app/preferences.js';
import {
  fromPreferences,
  PREFERENCES_ROOT_SCHEMA,
  PREFERENCES_SCHEMA,
  toPreferences,
} from './preferences-schema.js';

/**
 * The tray's preferences in electron-store (`<userData>/preferences.json`). A file that is not
 * JSON or breaks the schema is reset to the defaults (`clearInvalidConfig`): these are a few
 * toggles, and the tray must start whatever happened to the file.
 */
export function electronPreferences(): PreferencesStore {
  const store = new Store<Preferences>({
    name: 'preferences',
    schema: PREFERENCES_SCHEMA,
    rootSchema: PREFERENCES_ROOT_SCHEMA,
    clearInvalidConfig: true,
  });
  return {
    read: () => toPreferences(store.store),
    write: (next) => {
      store.store = fromPreferences(next);
    },
  };
}
