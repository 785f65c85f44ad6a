import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AccountStatusKind } from '../../main/core/session/account-state.js';
import { iconFor } from '../../main/electron/icons/tray-icon-files.js';
import { trayIconDirectory } from '../../main/electron/icons/tray-icon-directory.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIR = path.join(REPO, 'build', 'tray');
const CALM: AccountStatusKind[] = ['signed_out', 'signing_in', 'oauth', 'pat'];
const ALARMED: AccountStatusKind[] = ['expired', 'error'];

describe('iconFor: the tray image per OS and state', () => {
  it('macOS: template images, the badged one when attention is needed', () => {
    for (const status of CALM)
      expect(iconFor({ status }, 'darwin', DIR)).toBe(path.join(DIR, 'trayTemplate.png'));
    for (const status of ALARMED) {
      expect(iconFor({ status }, 'darwin', DIR)).toBe(path.join(DIR, 'trayAttentionTemplate.png'));
    }
  });

  it('Windows: .ico files', () => {
    for (const status of CALM) expect(iconFor({ status }, 'win32', DIR)).toBe(path.join(DIR, 'tray.ico'));
    for (const status of ALARMED)
      expect(iconFor({ status }, 'win32', DIR)).toBe(path.join(DIR, 'tray-attention.ico'));
  });

  it('Linux and the other Unixes: the white png', () => {
    for (const platform of ['linux', 'freebsd', 'openbsd'] as const) {
      for (const status of CALM) expect(iconFor({ status }, platform, DIR)).toBe(path.join(DIR, 'tray.png'));
      for (const status of ALARMED) {
        expect(iconFor({ status }, platform, DIR)).toBe(path.join(DIR, 'tray-attention.png'));
      }
    }
  });

  it('a signed-in account with a waiting problem needs attention too', () => {
    const variant = (view: Parameters<typeof iconFor>[0]): string =>
      iconFor(view, 'linux', DIR) === path.join(DIR, 'tray-attention.png') ? 'attention' : 'normal';
    expect(variant({ status: 'oauth', lastError: 'Could not refresh the session.' })).toBe('attention');
    expect(variant({ status: 'pat', lastError: 'Your account has no organization yet.' })).toBe('attention');
    expect(variant({ status: 'oauth' })).toBe('normal');
    // Signed out with a leftover message is the calm state the user chose.
    expect(variant({ status: 'signed_out', lastError: 'old' })).toBe('normal');
  });

  it('every file it can name is in build/tray, with its @2x twin for the pngs', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      for (const status of [...CALM, ...ALARMED]) {
        const file = iconFor({ status }, platform, DIR);
        expect(existsSync(file), file).toBe(true);
        if (file.endsWith('.png')) expect(existsSync(file.replace(/\.png$/, '@2x.png')), file).toBe(true);
      }
    }
  });
});

describe('trayIconDirectory', () => {
  it('packaged: the tray folder electron-builder copies into the resources', () => {
    expect(
      trayIconDirectory({
        isPackaged: true,
        resourcesPath: '/opt/Pipecat Cloud Tray/resources',
        fromDirectory: '/x',
      }),
    ).toBe(path.join('/opt/Pipecat Cloud Tray/resources', 'tray'));
  });

  it('in development: build/tray of the checkout, from sources and from dist alike', () => {
    for (const from of ['main/electron/icons', 'dist/main/electron/icons']) {
      expect(
        trayIconDirectory({
          isPackaged: false,
          resourcesPath: '/nowhere',
          fromDirectory: path.join(REPO, from),
        }),
      ).toBe(DIR);
    }
  });

  it('says so when there is no checkout above', () => {
    expect(() =>
      trayIconDirectory({
        isPackaged: false,
        resourcesPath: '/r',
        fromDirectory: '/a/b',
        exists: () => false,
      }),
    ).toThrow(/No package\.json above \/a\/b/);
  });
});
