import { describe, expect, it } from 'vitest';
import type { PreferencesStore } from '../../main/core/app/preferences.js';
import { TrayService } from '../../main/core/app/tray-service.js';
import { DEFAULT_API_HOST } from '../../main/core/credentials/index.js';
import { buildTrayMenu, type TrayMenuItem } from '../../main/electron/menu/index.js';
import { MENU_LABELS } from '../../main/electron/menu/menu-labels.js';
import { TRAY_ACTIONS } from '../../main/ipc/actions.js';
import { tempFileForEachTest } from './credentials-helpers.js';
import { accountView } from './support/account-view.js';
import { memoryPreferences } from '../../e2e/support/memory-preferences.js';
import { cliLogin, refreshTokensInFile } from './support/keychain-harness.js';
import { MemoryVault } from './support/memory-vault.js';

let file: string;
tempFileForEachTest((temp) => (file = temp.file));

const SESSION = {
  token: 'access-1',
  refreshToken: 'refresh-1',
  tokenExpiresAt: 2_000_000_000.5,
  org: 'acme',
};

/** The tray's core over a temp file and a memory keychain; nothing reaches the network. */
async function tray(
  vault: MemoryVault,
  preferences: PreferencesStore = memoryPreferences(),
): Promise<TrayService> {
  const service = new TrayService({
    configPath: file,
    hostFor: () => DEFAULT_API_HOST,
    fetchFor: () => () => Promise.reject(new Error('offline in this test')),
    openInBrowser: async () => undefined,
    openExternal: async () => undefined,
    preferences,
    autoStart: { setEnabled: async () => undefined },
    notify: () => undefined,
    keychainVault: vault,
  });
  await service.start();
  return service;
}

function keychainLines(items: readonly TrayMenuItem[]): TrayMenuItem[] {
  return items.filter((item) => item.id?.startsWith('keychain'));
}

describe('the tray`s "Keep the refresh token in the system keychain"', () => {
  it('on: the file`s refresh token moves to the keychain; off: back to the file; both remembered', async () => {
    await cliLogin(file, SESSION);
    const vault = new MemoryVault();
    const preferences = memoryPreferences();
    const service = await tray(vault, preferences);
    try {
      expect(service.state.keychain).toEqual({ on: false });
      expect(await service.setKeepRefreshTokenInKeychain(true)).toMatchObject({ ok: true });
      expect(await refreshTokensInFile(file)).toEqual(['']);
      expect(vault.only()?.refreshToken).toBe(SESSION.refreshToken);
      expect(preferences.read().keepRefreshTokenInKeychain).toBe(true);
      expect(service.state.keychain).toEqual({ on: true });
      expect(service.state.status).toBe('oauth');

      expect(await service.setKeepRefreshTokenInKeychain(false)).toMatchObject({ ok: true });
      expect(await refreshTokensInFile(file)).toEqual([SESSION.refreshToken]);
      expect(vault.entries.size).toBe(0);
      expect(preferences.read().keepRefreshTokenInKeychain).toBe(false);
    } finally {
      service.stop();
    }
  });

  it('with no keychain here it stays off and says why; the file keeps its refresh token', async () => {
    await cliLogin(file, SESSION);
    const vault = new MemoryVault();
    vault.failure = new Error('no Secret Service');
    const service = await tray(vault);
    try {
      const result = await service.setKeepRefreshTokenInKeychain(true);
      expect(result).toEqual({
        ok: false,
        message: expect.stringMatching(/^No system keychain can be used here/),
      });
      expect(service.state.keychain).toEqual({ on: false, unavailable: result.message });
      expect(await refreshTokensInFile(file)).toEqual([SESSION.refreshToken]);
    } finally {
      service.stop();
    }
  });

  it('left on, it is turned off at start when the keychain is gone', async () => {
    const vault = new MemoryVault();
    vault.failure = new Error('no Secret Service');
    const preferences = memoryPreferences({ keepRefreshTokenInKeychain: true });
    const service = await tray(vault, preferences);
    try {
      expect(preferences.read().keepRefreshTokenInKeychain).toBe(false);
      expect(service.state.keychain?.on).toBe(false);
      expect(service.state.keychain?.unavailable).toMatch(/^No system keychain can be used here/);
    } finally {
      service.stop();
    }
  });
});

describe('its menu item', () => {
  const nowMs = Date.UTC(2026, 0, 15);

  it('is a checkbox before Start at login whose click asks for the opposite', () => {
    for (const on of [false, true]) {
      const items = buildTrayMenu(accountView({ keychain: { on } }), { platform: 'linux', nowMs });
      expect(keychainLines(items)).toEqual([
        {
          id: 'keychain',
          type: 'checkbox',
          label: TRAY_ACTIONS.setKeepRefreshTokenInKeychain.label,
          checked: on,
          enabled: true,
          action: { name: 'setKeepRefreshTokenInKeychain', args: [!on] },
        },
      ]);
      const ids = items.map((item) => item.id);
      expect(ids.indexOf('keychain') + 1).toBe(ids.indexOf('start-at-login'));
    }
  });

  it('is disabled, with the reason below it, when no keychain works here', () => {
    const unavailable =
      'No system keychain can be used here, so the refresh token stays in the credentials file.';
    const items = buildTrayMenu(accountView({ status: 'oauth', keychain: { on: false, unavailable } }), {
      platform: 'linux',
      nowMs,
    });
    expect(keychainLines(items).map((item) => [item.label, item.enabled])).toEqual([
      [TRAY_ACTIONS.setKeepRefreshTokenInKeychain.label, false],
      [MENU_LABELS.keychainUnavailable, false],
    ]);
  });
});
