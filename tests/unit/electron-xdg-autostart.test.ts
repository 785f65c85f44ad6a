import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAutostart } from '../../main/electron/autostart/autostart.js';
import type { LoginItemApp } from '../../main/electron/autostart/login-item.js';
import {
  disableXdgAutostart,
  enableXdgAutostart,
  isXdgAutostartEnabled,
} from '../../main/electron/autostart/xdg-autostart.js';

let home: string;

beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'pipecat-tray-autostart-'));
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

/** Where the spec puts the entry for a home without $XDG_CONFIG_HOME. */
const entryIn = (config: string): string => path.join(config, 'autostart', 'pipecat-cloud-tray.desktop');
const autostartFile = ({ home: at }: { home: string }): string => entryIn(path.join(at, '.config'));

const noLoginItems: LoginItemApp = {
  setLoginItemSettings: () => {
    throw new Error('Linux must not use login items');
  },
  getLoginItemSettings: () => {
    throw new Error('Linux must not use login items');
  },
};

describe('XDG autostart in a home folder', () => {
  it('lives in ~/.config/autostart, or under an absolute $XDG_CONFIG_HOME', async () => {
    const entry = { execPath: '/usr/bin/app' };
    await enableXdgAutostart({ home }, entry);
    await expect(stat(entryIn(path.join(home, '.config')))).resolves.toBeDefined();
    const config = path.join(home, 'cfg');
    await enableXdgAutostart({ home, xdgConfigHome: config }, entry);
    await expect(stat(entryIn(config))).resolves.toBeDefined();
    // A relative $XDG_CONFIG_HOME is ignored, as the XDG Base Directory spec says.
    await disableXdgAutostart({ home });
    await enableXdgAutostart({ home, xdgConfigHome: 'relative' }, entry);
    expect(await isXdgAutostartEnabled({ home })).toBe(true);
  });

  it('enable writes the entry (folders created), isEnabled sees it, disable removes it', async () => {
    const location = { home };
    expect(await isXdgAutostartEnabled(location)).toBe(false);
    await enableXdgAutostart(location, { execPath: '/opt/Pipecat Cloud Tray/pipecat-cloud-tray' });
    const file = autostartFile(location);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('Exec="/opt/Pipecat Cloud Tray/pipecat-cloud-tray" --hidden\n');
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    expect(await isXdgAutostartEnabled(location)).toBe(true);
    await disableXdgAutostart(location);
    expect(await isXdgAutostartEnabled(location)).toBe(false);
    await disableXdgAutostart(location); // twice is fine
  });

  it('enabling again replaces the entry, and leaves no temporary file', async () => {
    await enableXdgAutostart({ home }, { execPath: '/old/app' });
    await enableXdgAutostart({ home }, { execPath: '/new/app' });
    const text = await readFile(autostartFile({ home }), 'utf8');
    expect(text).toContain('Exec="/new/app"');
    expect(text).not.toContain('/old/app');
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(path.dirname(autostartFile({ home })))).toEqual(['pipecat-cloud-tray.desktop']);
  });

  it('counts an entry the desktop switched off as off', async () => {
    for (const off of ['Hidden=true', 'X-GNOME-Autostart-enabled=false']) {
      await enableXdgAutostart({ home }, { execPath: '/usr/bin/app' });
      const file = autostartFile({ home });
      const text = (await readFile(file, 'utf8')).replace('X-GNOME-Autostart-enabled=true\n', '');
      await writeFile(file, `${text}${off}\n`);
      expect(await isXdgAutostartEnabled({ home }), off).toBe(false);
    }
  });

  it('createAutostart on Linux uses the file, with $APPIMAGE and $XDG_CONFIG_HOME from the environment', async () => {
    const config = path.join(home, 'cfg');
    const autostart = createAutostart({
      platform: 'linux',
      app: noLoginItems,
      execPath: '/tmp/.mount_abc/pipecat-cloud-tray',
      home,
      env: { APPIMAGE: '/home/dev/Pipecat.AppImage', XDG_CONFIG_HOME: config },
    });
    await autostart.setEnabled(true);
    expect(await autostart.isEnabled()).toBe(true);
    const text = await readFile(path.join(config, 'autostart', 'pipecat-cloud-tray.desktop'), 'utf8');
    expect(text).toContain('Exec="/home/dev/Pipecat.AppImage" --hidden\n');
    await autostart.setEnabled(false);
    expect(await autostart.isEnabled()).toBe(false);
  });
});
