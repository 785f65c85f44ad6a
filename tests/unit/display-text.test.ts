import { describe, expect, it } from 'vitest';
import { notificationFor } from '../../main/core/app/notifications.js';
import { parseOrganizations, parseUser } from '../../main/core/api/parse.js';
import { organizationLabel } from '../../main/core/api/types.js';
import { displayText, terminalJson, terminalText } from '../../main/shared/display-text.js';
import { checkNetwork } from '../../main/core/doctor/network.js';
import { describeState } from '../../main/core/session/account-state.js';
import { failureSpec, notificationSpec } from '../../main/electron/app/notifier.js';
import { buildTrayMenu, trayTooltip, type TrayMenuItem } from '../../main/electron/menu/index.js';
import { accountView } from './support/account-view.js';

const ESC = '\u001b';
const BEL = '\u0007';
const RLO = '\u202e';
const FORGED = 'Signed in as admin@corp';
const EMAIL = `eve@example.com${ESC}]0;pwned${BEL}\r\n${FORGED}${RLO}moc.evil`;
const ORG = `evil${ESC}[2J\n${FORGED}`;
const VERBOSE = `Evil ${RLO}Corp\u0085\u2028\u2066x\u2069`;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b\u200e\u200f\u202a-\u202e\u2028\u2029\u2060-\u206f\ufeff]/;

function labels(items: readonly TrayMenuItem[]): string[] {
  return items.flatMap((item) => [
    ...('label' in item && item.label ? [item.label] : []),
    ...('submenu' in item && item.submenu ? labels(item.submenu) : []),
  ]);
}

describe('displayText', () => {
  it('turns controls into spaces and drops bidi and other hidden format characters', () => {
    expect(displayText(EMAIL)).toBe('eve@example.com ]0;pwned Signed in as admin@corpmoc.evil');
    expect(displayText(`a\u200bb\ufeffc\u{e0041}d\u061ce\u2060f`)).toBe('abcdef');
    expect(UNSAFE.test(displayText(VERBOSE))).toBe(false);
  });

  it('keeps ordinary Unicode: accents, other scripts, emoji with their joiners', () => {
    for (const text of ['Zoë Ø. Łukasz', 'شركة مثال', '株式会社', '👩‍💻 team', 'नमस्ते', 'می‌خواهم']) {
      expect(displayText(text)).toBe(text);
    }
  });
});

describe('terminal output', () => {
  it('terminalText keeps the command`s own line breaks and tabs, and nothing else', () => {
    expect(terminalText(`one\n\ttwo${ESC}]0;x${BEL}\r${RLO}`)).toBe('one\n\ttwo]0;x');
  });

  it('terminalJson escapes what JSON.stringify leaves raw, and parses back to the same data', () => {
    const value = { org: ORG, name: VERBOSE, tag: 'a\u{e0041}b' };
    const json = terminalJson(value);
    expect(UNSAFE.test(json.replaceAll('\n', ''))).toBe(false);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('names from the API, at every place they are shown', () => {
  it('are made safe where the API answer is parsed; the org`s identifier is kept exactly', () => {
    expect(parseUser({ user: { userId: `u${ESC}1`, emails: [{ emailAddress: EMAIL }] } })).toEqual({
      userId: 'u 1',
      email: displayText(EMAIL),
    });
    const [org] = parseOrganizations({ organizations: [{ name: ORG, verboseName: VERBOSE }] }) ?? [];
    expect(org).toEqual({ name: ORG, verboseName: displayText(VERBOSE) });
    expect(parseOrganizations({ organizations: [{ name: ORG }] })?.[0]?.verboseName).toBe(displayText(ORG));
    expect(parseOrganizations({ organizations: [{ name: '\u202e' }] })?.[0]?.verboseName).toBe(
      'Unnamed organization',
    );
    expect(organizationLabel({ name: ORG, verboseName: VERBOSE })).not.toMatch(UNSAFE);
  });

  it('never reach the tray menu, the tooltip, a notification or a log line raw', () => {
    // The view as a shell could get it if a name skipped the parser: the sinks still clean it.
    const view = accountView({
      status: 'oauth',
      email: EMAIL,
      org: ORG,
      organizations: [{ name: ORG, verboseName: VERBOSE }],
      lastError: `Could not refresh: ${ESC}[31mred${BEL}`,
    });
    const shown = [
      ...labels(buildTrayMenu(view, { platform: 'linux', nowMs: 0 })),
      trayTooltip(view, 0),
      describeState(view),
      notificationFor({ ...view, status: 'signing_in' }, view)?.body ?? '',
      String(notificationSpec({ kind: 'refresh_failing', title: ORG, body: EMAIL }).options.body),
      String(failureSpec(EMAIL).options.body),
    ];
    for (const text of shown) expect(text, JSON.stringify(text)).not.toMatch(UNSAFE);
  });
});

describe('an identity provider named with a line break', () => {
  it('doctor names it on one line', async () => {
    // A URL parser drops the line break, so discovery works and only the raw name is hostile.
    const issuer = `https://idp.example/x\n${FORGED}\u202e`;
    const json = (body: unknown): Response =>
      new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    const results = await checkNetwork({
      apiHost: 'https://api.example',
      env: {},
      allowInsecureLoopback: false,
      now: () => Date.now(),
      fetch: async (input) => {
        const url = new URL(input instanceof Request ? input.url : input);
        if (url.pathname === '/auth/config') return json({ issuer, client_id: 'c', scopes: 'openid' });
        const endpoint = (path: string): string => `https://idp.example/${path}`;
        return json({ issuer, authorization_endpoint: endpoint('auth'), token_endpoint: endpoint('token') });
      },
    });
    const detail = results.find((result) => result.id === 'issuer')?.detail ?? '';
    expect(detail).toMatch(/is fit for sign-in\.$/);
    expect(detail).not.toMatch(UNSAFE);
  });
});
