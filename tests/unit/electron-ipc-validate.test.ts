import { describe, expect, it } from 'vitest';
import { checkWindowCall } from '../../main/ipc/actions.js';
import { INVOKE_CHANNELS, type InvokeMethod } from '../../main/ipc/contract.js';

const NO_ARGUMENTS: InvokeMethod[] = [
  'getState',
  'signIn',
  'cancelSignIn',
  'refreshNow',
  'signOut',
  'openDashboard',
  'closeWindow',
];

function rejects(method: string, args: unknown[]): string {
  const result = checkWindowCall(method, args);
  if (result.ok) throw new Error(`${method}(${JSON.stringify(args)}) was accepted`);
  return result.error;
}

describe('checkWindowCall', () => {
  it('accepts a call with no arguments for the methods that take none, and nothing else', () => {
    for (const method of NO_ARGUMENTS) {
      expect(checkWindowCall(method, [])).toEqual({ ok: true, value: { name: method, args: [] } });
      expect(rejects(method, ['extra'])).toBe(`${method}: takes no arguments, got 1`);
      expect(rejects(method, [undefined])).toMatch(/takes no arguments/);
    }
  });

  it('knows every method of the registry, and only those', () => {
    for (const method of Object.keys(INVOKE_CHANNELS)) {
      expect(rejects(method, [1, 2, 3, 4])).not.toMatch(/unknown method/);
    }
    expect(rejects('onState', [])).toBe('unknown method "onState"');
    expect(rejects('__proto__', [])).toBe('unknown method "__proto__"');
    expect(rejects('constructor', [])).toMatch(/unknown method/);
    expect(rejects('x'.repeat(1000), [])).toHaveLength('unknown method ""'.length + 40);
  });

  it('personal access token: exactly one non-empty string of at most 512 characters', () => {
    const pat = `pcc_pat_${'a'.repeat(40)}`;
    expect(checkWindowCall('usePersonalAccessToken', [pat])).toEqual({
      ok: true,
      value: { name: 'usePersonalAccessToken', args: [pat] },
    });
    expect(checkWindowCall('usePersonalAccessToken', ['x'.repeat(512)]).ok).toBe(true);
    expect(rejects('usePersonalAccessToken', ['x'.repeat(513)])).toMatch(/longer than 512/);
    expect(rejects('usePersonalAccessToken', [''])).toMatch(/is empty/);
    expect(rejects('usePersonalAccessToken', [])).toMatch(/expects 1 argument, got 0/);
    expect(rejects('usePersonalAccessToken', [pat, pat])).toMatch(/expects 1 argument, got 2/);
    for (const bad of [42, null, undefined, { toString: () => pat }, [pat], new String(pat)]) {
      expect(rejects('usePersonalAccessToken', [bad])).toMatch(/as text/);
    }
    expect(rejects('usePersonalAccessToken', [`${pat}\r\nX-Injected: 1`])).toMatch(/control character/);
  });

  it('the error never repeats the token', () => {
    const pat = `pcc_pat_${'s'.repeat(600)}`;
    expect(rejects('usePersonalAccessToken', [pat])).not.toContain('pcc_pat_');
  });

  it('pasted sign-in address: one non-empty line of text of at most 16 KiB, never repeated in the error', () => {
    const address = 'http://127.0.0.1:8400/oauth_callback?code=one-time-code&state=s';
    expect(checkWindowCall('completeSignInFromPastedUrl', [address])).toEqual({
      ok: true,
      value: { name: 'completeSignInFromPastedUrl', args: [address] },
    });
    expect(checkWindowCall('completeSignInFromPastedUrl', ['x'.repeat(16 * 1024)]).ok).toBe(true);
    expect(rejects('completeSignInFromPastedUrl', ['x'.repeat(16 * 1024 + 1)])).toMatch(/longer than/);
    expect(rejects('completeSignInFromPastedUrl', [''])).toMatch(/is empty/);
    expect(rejects('completeSignInFromPastedUrl', [])).toMatch(/expects 1 argument, got 0/);
    expect(rejects('completeSignInFromPastedUrl', [new URL(address)])).toMatch(/as text/);
    const error = rejects('completeSignInFromPastedUrl', [`${address}\n`]);
    expect(error).toMatch(/control character/);
    expect(error).not.toContain('one-time-code');
  });

  it('organization: one non-empty name of at most 200 characters', () => {
    expect(checkWindowCall('switchOrganization', ['second-org'])).toEqual({
      ok: true,
      value: { name: 'switchOrganization', args: ['second-org'] },
    });
    expect(checkWindowCall('switchOrganization', ['o'.repeat(200)]).ok).toBe(true);
    expect(rejects('switchOrganization', ['o'.repeat(201)])).toMatch(/longer than 200/);
    expect(rejects('switchOrganization', [''])).toMatch(/is empty/);
    expect(rejects('switchOrganization', [7])).toMatch(/as text/);
    expect(rejects('switchOrganization', ['a\nb'])).toMatch(/control character/);
  });

  it('start at login: one boolean, not something truthy', () => {
    expect(checkWindowCall('setStartAtLogin', [true])).toEqual({
      ok: true,
      value: { name: 'setStartAtLogin', args: [true] },
    });
    expect(checkWindowCall('setStartAtLogin', [false]).ok).toBe(true);
    for (const bad of ['true', 1, 0, null, undefined])
      expect(rejects('setStartAtLogin', [bad])).toMatch(/true or false/);
    expect(rejects('setStartAtLogin', [])).toMatch(/expects 1 argument/);
  });

  it('environment: production and staging alone, custom with an https URL (normalised)', () => {
    expect(checkWindowCall('setEnvironment', ['production'])).toEqual({
      ok: true,
      value: { name: 'setEnvironment', args: ['production'] },
    });
    expect(checkWindowCall('setEnvironment', ['staging', undefined])).toEqual({
      ok: true,
      value: { name: 'setEnvironment', args: ['staging'] },
    });
    expect(checkWindowCall('setEnvironment', ['custom', 'https://API.example.com:443/'])).toEqual({
      ok: true,
      value: { name: 'setEnvironment', args: ['custom', 'https://api.example.com'] },
    });
  });

  it('environment: rejects unknown names, missing or non-https hosts, and stray hosts', () => {
    expect(rejects('setEnvironment', ['Production'])).toMatch(/"production", "staging" or "custom"/);
    expect(rejects('setEnvironment', [])).toMatch(/1 or 2 arguments/);
    expect(rejects('setEnvironment', ['custom', 'https://a.example', 'x'])).toMatch(/1 or 2 arguments/);
    expect(rejects('setEnvironment', ['custom'])).toMatch(/custom API host as text/);
    expect(rejects('setEnvironment', ['production', 'https://api.example.com'])).toMatch(
      /only for the custom/,
    );
    for (const host of [
      'http://api.example.com',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'https://user:pw@api.example.com',
      'https://api.example.com/?x=1',
      'https://api.example.com/#x',
      'not a url',
      `https://${'a'.repeat(2050)}.example`,
    ]) {
      expect(rejects('setEnvironment', ['custom', host]), host).toMatch(/https URL|longer than/);
    }
  });
});

describe('the actions only the tray menu may run', () => {
  it('are unknown to a window: it cannot quit the app, open windows or write the clipboard', () => {
    for (const name of [
      'quit',
      'copySignInLink',
      'showAccount',
      'openPatWindow',
      'chooseCustomEnvironment',
    ]) {
      expect(rejects(name, [])).toBe(`unknown method "${name}"`);
    }
  });
});
