import { describe, expect, it } from 'vitest';
import { checkTraySupport, type RunCommand } from '../../main/core/doctor/tray-support.js';

const GUI = { DISPLAY: ':0', XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' };

function input(
  env: NodeJS.ProcessEnv,
  tools: Record<string, string | undefined>,
  platform: NodeJS.Platform = 'linux',
) {
  const run: RunCommand = async (file) => tools[file];
  return { env, platform, run, isExecutable: async (c: string) => c in tools };
}

describe('checkTraySupport', () => {
  it('is ok off Linux', async () => {
    expect((await checkTraySupport(input({}, {}, 'darwin'))).verdict).toBe('ok');
  });

  it('warns without a graphical session', async () => {
    const result = await checkTraySupport(input({}, { gdbus: '(true,)' }));
    expect(result).toMatchObject({
      verdict: 'warn',
      detail: expect.stringContaining('No graphical session'),
    });
    expect(result.fix).toContain('pipecat-tray daemon');
  });

  it('is ok when gdbus sees a StatusNotifierWatcher', async () => {
    expect(await checkTraySupport(input(GUI, { gdbus: '(true,)\n' }))).toMatchObject({ verdict: 'ok' });
  });

  it('warns on GNOME without a watcher, naming the extension', async () => {
    const result = await checkTraySupport(input(GUI, { gdbus: '(false,)\n' }));
    expect(result.verdict).toBe('warn');
    expect(result.fix).toContain('AppIndicator and KStatusNotifierItem Support');
  });

  it('falls back to dbus-send', async () => {
    const env = { WAYLAND_DISPLAY: 'wayland-0', XDG_CURRENT_DESKTOP: 'KDE' };
    const result = await checkTraySupport(input(env, { 'dbus-send': 'method return\n   boolean true\n' }));
    expect(result).toMatchObject({ verdict: 'ok', detail: 'KDE: a StatusNotifierWatcher is running.' });
    const none = await checkTraySupport(input(env, { 'dbus-send': '   boolean false\n' }));
    expect(none.fix).toMatch(/^Enable your desktop's tray/);
  });

  it('says unknown when the bus cannot be asked', async () => {
    const result = await checkTraySupport(input(GUI, { gdbus: undefined }));
    expect(result).toMatchObject({
      verdict: 'warn',
      detail: expect.stringContaining('unknown whether tray icons show'),
    });
  });
});
