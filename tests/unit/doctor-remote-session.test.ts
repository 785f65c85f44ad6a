import { describe, expect, it } from 'vitest';
import { checkRemoteSession, type RemoteSessionInput } from '../../main/core/doctor/remote-session.js';

const DESKTOP = { DISPLAY: ':0' };

function input(
  env: NodeJS.ProcessEnv,
  options: { platform?: NodeJS.Platform; files?: string[]; device?: boolean | undefined | Error } = {},
): RemoteSessionInput & { asked: () => number } {
  let asked = 0;
  const { device } = options;
  return {
    env,
    platform: options.platform ?? 'linux',
    exists: async (path) => (options.files ?? []).includes(path),
    deviceFlowSupported: async () => {
      asked += 1;
      if (device instanceof Error) throw device;
      return device;
    },
    asked: () => asked,
  };
}

const oneSentence = (text: string | undefined): boolean => text !== undefined && /^[^\n]+\.$/.test(text);

describe('checkRemoteSession', () => {
  it('a local desktop: ok, login opens the browser, and the provider is not asked', async () => {
    for (const [env, platform] of [
      [DESKTOP, 'linux'],
      [{ WAYLAND_DISPLAY: 'wayland-0' }, 'linux'],
      [{}, 'darwin'],
      [{}, 'win32'],
    ] as const) {
      const probe = input(env, { platform });
      const result = await checkRemoteSession(probe);
      expect(result, platform).toMatchObject({ id: 'sign-in-method', verdict: 'ok' });
      expect(result.detail).toContain('opens your browser here');
      expect(probe.asked()).toBe(0);
    }
  });

  it('recognises an SSH session by SSH_CONNECTION, SSH_TTY or SSH_CLIENT, even with a display', async () => {
    for (const name of ['SSH_CONNECTION', 'SSH_TTY', 'SSH_CLIENT']) {
      const result = await checkRemoteSession(input({ ...DESKTOP, [name]: 'x' }, { device: true }));
      expect(result.verdict).toBe('warn');
      expect(result.detail).toContain(`an SSH session (${name} is set)`);
    }
  });

  it('recognises a Linux machine with no display, and a container by its variables or files', async () => {
    expect((await checkRemoteSession(input({}, { device: true }))).detail).toContain('no display');
    expect((await checkRemoteSession(input({ ...DESKTOP, CODESPACES: 'true' }))).detail).toContain(
      'a container (CODESPACES is set)',
    );
    expect((await checkRemoteSession(input(DESKTOP, { files: ['/.dockerenv'] }))).detail).toContain(
      'a container (/.dockerenv exists)',
    );
    expect((await checkRemoteSession(input(DESKTOP, { files: ['/run/.containerenv'] }))).verdict).toBe(
      'warn',
    );
  });

  it('says login --device when the provider offers the device flow', async () => {
    const result = await checkRemoteSession(input({ SSH_CONNECTION: '1 2 3 4' }, { device: true }));
    expect(result.fix).toContain('pipecat-tray login --device');
    expect(result.fix).not.toContain('--no-browser');
    expect(oneSentence(result.detail) && oneSentence(result.fix)).toBe(true);
  });

  it('says login --no-browser and the paste when it does not', async () => {
    const result = await checkRemoteSession(input({ SSH_TTY: '/dev/pts/0' }, { device: false }));
    expect(result.fix).toContain('pipecat-tray login --no-browser');
    expect(result.fix).toContain('paste the address the browser ends on');
    expect(result.fix).not.toContain('--device');
    expect(oneSentence(result.fix)).toBe(true);
  });

  it('names both ways when the provider could not be asked', async () => {
    for (const device of [undefined, new Error('offline')]) {
      const result = await checkRemoteSession(input({ SSH_CLIENT: 'x' }, { device }));
      expect(result.verdict).toBe('warn');
      expect(result.fix).toContain('--no-browser');
      expect(result.fix).toContain('--device');
    }
  });
});
