import type { LoginItemSettings, LoginItemSettingsOptions, Settings } from 'electron';
import { describe, expect, it } from 'vitest';
import { createAutostart, startedAtLogin } from '../../main/electron/autostart/index.js';
import type { LoginItemApp } from '../../main/electron/autostart/login-item.js';

/** A stand-in for Electron's `app` that keeps login items the way the OS would. */
function fakeApp(options: { wasOpenedAtLogin?: boolean } = {}) {
  const calls: Settings[] = [];
  const queries: Array<LoginItemSettingsOptions | undefined> = [];
  let open = false;
  let args: string[] | undefined;
  const app: LoginItemApp = {
    setLoginItemSettings: (settings) => {
      calls.push(settings);
      open = settings.openAtLogin ?? false;
      args = settings.args;
    },
    getLoginItemSettings: (query) => {
      queries.push(query);
      // Windows matches by arguments: asking with other ones finds nothing.
      const matches = query?.args === undefined || JSON.stringify(query.args) === JSON.stringify(args ?? []);
      return {
        openAtLogin: open && matches,
        wasOpenedAtLogin: options.wasOpenedAtLogin ?? false,
      } as LoginItemSettings;
    },
  };
  return { app, calls, queries };
}

describe('login items on macOS and Windows', () => {
  it('Windows registers the executable with --hidden and asks back with the same arguments', async () => {
    const { app, calls, queries } = fakeApp();
    const autostart = createAutostart({
      platform: 'win32',
      app,
      execPath: 'C:\\Program Files\\Pipecat Cloud Tray\\Pipecat Cloud Tray.exe',
      home: 'C:\\Users\\dev',
      env: {},
    });
    await autostart.setEnabled(true);
    expect(calls).toEqual([
      {
        openAtLogin: true,
        path: 'C:\\Program Files\\Pipecat Cloud Tray\\Pipecat Cloud Tray.exe',
        args: ['--hidden'],
      },
    ]);
    expect(await autostart.isEnabled()).toBe(true);
    expect(queries.at(-1)).toEqual({
      path: 'C:\\Program Files\\Pipecat Cloud Tray\\Pipecat Cloud Tray.exe',
      args: ['--hidden'],
    });
    await autostart.setEnabled(false);
    expect(calls.at(-1)?.openAtLogin).toBe(false);
    expect(await autostart.isEnabled()).toBe(false);
  });

  it('macOS sets only openAtLogin: no arguments, no deprecated openAsHidden', async () => {
    const { app, calls } = fakeApp();
    const autostart = createAutostart({
      platform: 'darwin',
      app,
      execPath: '/Applications/X.app',
      home: '/Users/dev',
      env: {},
    });
    await autostart.setEnabled(true);
    expect(calls).toEqual([{ openAtLogin: true }]);
    expect(await autostart.isEnabled()).toBe(true);
  });

  it('a start at login is recognised by --hidden, or on macOS by wasOpenedAtLogin', () => {
    expect(startedAtLogin(['/usr/bin/app', '--hidden'], 'linux', fakeApp().app)).toBe(true);
    expect(startedAtLogin(['/usr/bin/app'], 'linux', fakeApp({ wasOpenedAtLogin: true }).app)).toBe(false);
    expect(startedAtLogin(['/Applications/X.app'], 'darwin', fakeApp({ wasOpenedAtLogin: true }).app)).toBe(
      true,
    );
    expect(startedAtLogin(['/Applications/X.app'], 'darwin', fakeApp().app)).toBe(false);
  });
});
