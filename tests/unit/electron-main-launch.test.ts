import { describe, expect, it } from 'vitest';
import { STAGING_API_HOST } from '../../main/core/app/preferences.js';
import { UserFacingError } from '../../main/core/errors.js';
import { apiHostFor } from '../../main/electron/app/api-hosts.js';
import { applicationMenuTemplate } from '../../main/electron/app/app-menu.js';
import {
  hostNamesOf,
  isAllowedBrowserUrl,
  isAllowedExternalUrl,
} from '../../main/electron/app/external-urls.js';
import { parseLaunchArgs } from '../../main/electron/app/launch-args.js';
import { createOpeners } from '../../main/electron/app/openers.js';
import { trayBehaviour, trayGuid } from '../../main/electron/app/tray-presentation.js';

describe('parseLaunchArgs', () => {
  it('finds --hidden and --sandbox wherever Electron and Chromium put them', () => {
    expect(parseLaunchArgs(['/opt/app/pipecat-cloud-tray'])).toEqual({ hidden: false, sandbox: false });
    expect(parseLaunchArgs(['/opt/app/pipecat-cloud-tray', '--hidden'])).toEqual({
      hidden: true,
      sandbox: false,
    });
    expect(
      parseLaunchArgs(['/repo/node_modules/electron/dist/electron', '/repo', '--no-sandbox', '--sandbox']),
    ).toEqual({ hidden: false, sandbox: true });
    expect(parseLaunchArgs(['electron', '.', '--sandbox', '--hidden'])).toEqual({
      hidden: true,
      sandbox: true,
    });
  });

  it('takes no look-alikes', () => {
    expect(parseLaunchArgs(['app', '--hidden=false', '--sandboxed', 'hidden', '-sandbox'])).toEqual({
      hidden: false,
      sandbox: false,
    });
  });
});

describe('apiHostFor', () => {
  it('maps production and staging to their hosts', () => {
    expect(apiHostFor('production', undefined)).toBe('https://api.pipecat.daily.co');
    expect(apiHostFor('staging', 'https://ignored.example')).toBe(STAGING_API_HOST);
  });

  it('normalizes an https custom host', () => {
    expect(apiHostFor('custom', 'https://API.Example.com:443/')).toBe('https://api.example.com');
  });

  it('refuses a missing, non-https or malformed custom host with a sentence for the user', () => {
    for (const host of [undefined, '', 'http://api.example.com', 'http://127.0.0.1:8080', 'not a url']) {
      expect(() => apiHostFor('custom', host), String(host)).toThrow(UserFacingError);
    }
  });
});

describe('isAllowedExternalUrl', () => {
  const known = hostNamesOf(['https://pipecat.daily.co']);

  it('opens https pages of known hosts', () => {
    expect(known).toEqual(['pipecat.daily.co']);
    expect(isAllowedExternalUrl('https://pipecat.daily.co', known)).toBe(true);
    expect(isAllowedExternalUrl('https://PIPECAT.daily.co/acme/agents?x=1', known)).toBe(true);
  });

  it('refuses other schemes, hosts, look-alikes and user info', () => {
    for (const url of [
      'http://pipecat.daily.co',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://pipecat.daily.co/share',
      'https://pipecat.daily.co.evil.example',
      'https://evil.example/?https://pipecat.daily.co',
      'https://user:pass@pipecat.daily.co',
      'https://daily.co',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url, known), url).toBe(false);
    }
  });

  it('ignores non-https origins in the known list', () => {
    expect(hostNamesOf(['http://pipecat.daily.co', 'nonsense'])).toEqual([]);
  });
});

describe('isAllowedBrowserUrl', () => {
  const authorize = 'https://auth.example.com/authorize?client_id=x&code_challenge_method=S256';

  it('opens https authorize URLs, on any host', () => {
    expect(isAllowedBrowserUrl(authorize, { allowHttpLoopback: false })).toBe(true);
    expect(isAllowedBrowserUrl('https://127.0.0.1:8443/auth', { allowHttpLoopback: false })).toBe(true);
  });

  it('opens http only on loopback, and only when the run allows it', () => {
    expect(isAllowedBrowserUrl('http://127.0.0.1:8080/auth', { allowHttpLoopback: true })).toBe(true);
    expect(isAllowedBrowserUrl('http://[::1]:8080/auth', { allowHttpLoopback: true })).toBe(true);
    expect(isAllowedBrowserUrl('http://127.0.0.1:8080/auth', { allowHttpLoopback: false })).toBe(false);
    expect(isAllowedBrowserUrl('http://auth.example.com/auth', { allowHttpLoopback: true })).toBe(false);
  });

  it('never opens other schemes or URLs with user info', () => {
    for (const url of ['file:///tmp/x.html', 'javascript:1', 'https://a:b@auth.example.com/', '']) {
      expect(isAllowedBrowserUrl(url, { allowHttpLoopback: true }), url).toBe(false);
    }
  });
});

describe('createOpeners', () => {
  const setUp = (allowHttpLoopback: boolean) => {
    const opened: string[] = [];
    const openers = createOpeners({
      allowHttpLoopback,
      knownHosts: ['pipecat.daily.co'],
      open: async (url) => {
        opened.push(url);
      },
    });
    return { opened, ...openers };
  };

  it('hands allowed URLs to the OS', async () => {
    const { opened, openInBrowser, openExternal } = setUp(false);
    await openInBrowser('https://auth.example.com/authorize?state=s');
    await openExternal('https://pipecat.daily.co');
    expect(opened).toEqual(['https://auth.example.com/authorize?state=s', 'https://pipecat.daily.co']);
  });

  it('refuses the rest with a sentence for the user, and the OS never sees them', async () => {
    const { opened, openInBrowser, openExternal } = setUp(false);
    await expect(openInBrowser('http://127.0.0.1:8080/authorize')).rejects.toThrow(UserFacingError);
    await expect(openInBrowser('file:///etc/passwd')).rejects.toThrow('not an https address');
    await expect(openExternal('https://evil.example')).rejects.toThrow('not a Pipecat Cloud page');
    await expect(openExternal('http://pipecat.daily.co')).rejects.toThrow(UserFacingError);
    expect(opened).toEqual([]);
  });

  it('opens an http loopback sign-in page when the run allows it', async () => {
    const { opened, openInBrowser } = setUp(true);
    await openInBrowser('http://127.0.0.1:8080/authorize');
    expect(opened).toEqual(['http://127.0.0.1:8080/authorize']);
  });
});

describe('tray behaviour per OS', () => {
  it('macOS pops the menu up on right-click so a left click can open the window', () => {
    expect(trayBehaviour('darwin')).toEqual({ menu: 'pop-up', leftClickOpensAccount: true });
  });

  it('Windows attaches the menu and opens the window on a left click', () => {
    expect(trayBehaviour('win32')).toEqual({ menu: 'attached', leftClickOpensAccount: true });
  });

  it('Linux and other Unixes rely on the attached menu alone', () => {
    expect(trayBehaviour('linux')).toEqual({ menu: 'attached', leftClickOpensAccount: false });
    expect(trayBehaviour('freebsd')).toEqual({ menu: 'attached', leftClickOpensAccount: false });
  });

  it('uses the fixed GUID only for the packaged Windows app', () => {
    expect(trayGuid('win32', true)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    // Fixed across releases: Windows keeps the icon where the user pinned it by this GUID.
    expect(trayGuid('win32', true)).toBe('752c1608-910b-4bbf-8745-cdc6d699f194');
    expect(trayGuid('win32', false)).toBeUndefined();
    expect(trayGuid('darwin', true)).toBeUndefined();
    expect(trayGuid('linux', true)).toBeUndefined();
  });
});

describe('applicationMenuTemplate', () => {
  it('keeps the Edit menu on macOS, where copy and paste shortcuts are menu items', () => {
    expect(applicationMenuTemplate('darwin')).toEqual([{ role: 'appMenu' }, { role: 'editMenu' }]);
  });

  it('has no menu bar elsewhere', () => {
    expect(applicationMenuTemplate('win32')).toBeNull();
    expect(applicationMenuTemplate('linux')).toBeNull();
  });
});
