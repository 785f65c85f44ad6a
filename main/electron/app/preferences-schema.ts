import type { Schema } from 'electron-store';
import { DEFAULT_PREFERENCES, type Preferences } from '../../core/app/preferences.js';
import type { EnvironmentName } from '../../ipc/contract.js';

const ENVIRONMENTS: readonly EnvironmentName[] = ['production', 'staging', 'custom'];

/**
 * The preferences file's JSON schema (electron-store checks it on every read and write, with
 * Ajv's draft 2020-12). Credentials are not in it and cannot be: no other key is allowed.
 */
export const PREFERENCES_SCHEMA: Schema<Preferences> = {
  environment: { type: 'string', enum: [...ENVIRONMENTS], default: DEFAULT_PREFERENCES.environment },
  customApiHost: { type: 'string', pattern: '^https://', maxLength: 2048 },
  startAtLogin: { type: 'boolean', default: DEFAULT_PREFERENCES.startAtLogin },
  startAtLoginChosen: { type: 'boolean', default: DEFAULT_PREFERENCES.startAtLoginChosen },
  notifications: { type: 'boolean', default: DEFAULT_PREFERENCES.notifications },
  keepRefreshTokenInKeychain: { type: 'boolean', default: DEFAULT_PREFERENCES.keepRefreshTokenInKeychain },
};

export const PREFERENCES_ROOT_SCHEMA = { additionalProperties: false } as const;

/**
 * Preferences from whatever the file held: each known key of the right type is kept, anything
 * else falls back to its default, so a hand-edited file can never stop the tray from starting.
 */
export function toPreferences(raw: unknown): Preferences {
  const data = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const preferences: Preferences = {
    environment: ENVIRONMENTS.includes(data['environment'] as EnvironmentName)
      ? (data['environment'] as EnvironmentName)
      : DEFAULT_PREFERENCES.environment,
    startAtLogin: booleanOr(data['startAtLogin'], DEFAULT_PREFERENCES.startAtLogin),
    startAtLoginChosen: booleanOr(data['startAtLoginChosen'], DEFAULT_PREFERENCES.startAtLoginChosen),
    notifications: booleanOr(data['notifications'], DEFAULT_PREFERENCES.notifications),
    keepRefreshTokenInKeychain: booleanOr(
      data['keepRefreshTokenInKeychain'],
      DEFAULT_PREFERENCES.keepRefreshTokenInKeychain,
    ),
  };
  const host = data['customApiHost'];
  if (typeof host === 'string' && host.startsWith('https://')) preferences.customApiHost = host;
  return preferences;
}

/** What is written: exactly the schema's keys, no `undefined` (JSON has none). */
export function fromPreferences(preferences: Preferences): Preferences {
  return toPreferences(preferences);
}

function booleanOr(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}
