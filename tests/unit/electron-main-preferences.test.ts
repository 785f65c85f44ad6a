import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES } from '../../main/core/app/preferences.js';
import { memoryPreferences } from '../../e2e/support/memory-preferences.js';
import { UserFacingError } from '../../main/core/errors.js';
import {
  fromPreferences,
  PREFERENCES_ROOT_SCHEMA,
  PREFERENCES_SCHEMA,
  toPreferences,
} from '../../main/electron/app/preferences-schema.js';
import { startAtLoginFor, syncStartAtLogin } from '../../main/electron/app/start-at-login.js';
import type { Autostart } from '../../main/electron/autostart/index.js';

/** The validator electron-store (conf 15) builds from the same two options. */
const validate = new Ajv2020({ allErrors: true, useDefaults: true }).compile({
  ...PREFERENCES_ROOT_SCHEMA,
  type: 'object',
  properties: PREFERENCES_SCHEMA,
});

describe('the preferences schema', () => {
  it('accepts the defaults and every choice the tray can make', () => {
    expect(validate({ ...DEFAULT_PREFERENCES })).toBe(true);
    expect(
      validate({
        environment: 'custom',
        customApiHost: 'https://api.example.com',
        startAtLogin: true,
        startAtLoginChosen: true,
        notifications: false,
      }),
    ).toBe(true);
  });

  it('fills in defaults for missing keys, as electron-store does', () => {
    const data = {};
    expect(validate(data)).toBe(true);
    expect(data).toEqual(DEFAULT_PREFERENCES);
  });

  it('refuses wrong types, unknown environments, non-https hosts and any other key', () => {
    for (const data of [
      { environment: 'moon' },
      { startAtLogin: 'yes' },
      { notifications: 1 },
      { customApiHost: 'http://api.example.com' },
      { token: 'pcc_pat_abc' },
      { refresh_token: 'x' },
    ]) {
      expect(validate(data), JSON.stringify(data)).toBe(false);
    }
  });
});

describe('toPreferences', () => {
  it('keeps what is valid and falls back to defaults for the rest', () => {
    expect(toPreferences(undefined)).toEqual(DEFAULT_PREFERENCES);
    expect(toPreferences('nonsense')).toEqual(DEFAULT_PREFERENCES);
    expect(
      toPreferences({
        environment: 'staging',
        startAtLogin: 'yes',
        notifications: false,
        customApiHost: 'http://x',
        token: 'secret',
      }),
    ).toEqual({ ...DEFAULT_PREFERENCES, environment: 'staging', notifications: false });
  });

  it('writes only the schema keys and no undefined', () => {
    const written = fromPreferences({ ...DEFAULT_PREFERENCES, customApiHost: undefined });
    expect(Object.keys(written).sort()).toEqual(
      ['environment', 'notifications', 'startAtLogin', 'startAtLoginChosen'].sort(),
    );
    expect(validate({ ...written })).toBe(true);
  });
});

describe('start at login', () => {
  const real = (): Autostart & { calls: boolean[] } => {
    const calls: boolean[] = [];
    return {
      calls,
      isEnabled: async () => calls.at(-1) ?? false,
      setEnabled: async (enabled) => {
        calls.push(enabled);
      },
    };
  };

  it('uses the OS in the installed app', () => {
    const os = real();
    expect(startAtLoginFor({ packaged: true, sandbox: false }, () => os)).toBe(os);
  });

  it('refuses to register a development or sandbox run, and says why', async () => {
    for (const [context, words] of [
      [{ packaged: false, sandbox: false }, 'a development run'],
      [{ packaged: true, sandbox: true }, 'a sandbox run'],
      [{ packaged: false, sandbox: true }, 'a sandbox run'],
    ] as const) {
      let touched = false;
      const autostart = startAtLoginFor(context, () => {
        touched = true;
        return real();
      });
      await expect(autostart.setEnabled(true)).rejects.toThrow(UserFacingError);
      await expect(autostart.setEnabled(true)).rejects.toThrow(words);
      await expect(autostart.isEnabled()).resolves.toBe(false);
      expect(touched).toBe(false);
    }
  });

  it('makes the toggle show what the OS will do, leaving the rest alone', async () => {
    const preferences = memoryPreferences({
      startAtLogin: true,
      startAtLoginChosen: true,
      environment: 'staging',
    });
    await syncStartAtLogin(preferences, { isEnabled: async () => false });
    expect(preferences.read()).toEqual({
      ...DEFAULT_PREFERENCES,
      startAtLogin: false,
      startAtLoginChosen: true,
      environment: 'staging',
    });
  });
});
