/**
 * Names the API sends (the account's email, organization names) are shown, never obeyed: an email
 * carrying a terminal title sequence, a line break that forges a second "Signed in as" line and a
 * right-to-left override reaches `use-pat`, `status` and `orgs` of the real command, which must
 * print none of it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../sandbox/index.js';
import { accountActionsSuite, type TrayRun } from './account-actions-support.js';

const ESC = '\u001b';
const BEL = '\u0007';
const RLO = '\u202e';
const FORGED = 'Signed in as admin@corp';
const HOSTILE_EMAIL = `eve@example.com${ESC}]0;pwned${BEL}\r\n${FORGED}${RLO}moc.evil`;
const HOSTILE_ORG = `evil-org${ESC}[2J\r\n${FORGED}`;
const HOSTILE_VERBOSE = `Evil ${RLO}Corp${ESC}]0;title${BEL}\u0085\u2028${FORGED}`;
/** What must never reach a terminal from those names: C0 and C1 controls, bidi controls, separators. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]/;

const suite = accountActionsSuite();
const { tray } = suite;
let sandbox: Sandbox;
let file = '';

beforeAll(async () => {
  ({ sandbox } = suite);
  sandbox.addAccount({
    userId: 'user_hostile',
    password: 'hostile-password',
    emails: [HOSTILE_EMAIL],
    organizations: [
      { name: HOSTILE_ORG, verboseName: HOSTILE_VERBOSE },
      { name: 'plain-org', verboseName: 'Plain Org' },
    ],
  });
  file = suite.newConfigPath();
});

/** Every line of both streams: none holds an unsafe character, none starts with the forged text. */
function expectHarmless(result: TrayRun): void {
  for (const text of [result.stdout, result.stderr]) {
    expect(UNSAFE.test(text), JSON.stringify(text)).toBe(false);
    for (const line of text.split('\n')) expect(line.trimStart().startsWith(FORGED), line).toBe(false);
  }
}

describe('hostile names from the API, through the real terminal command', () => {
  it('use-pat prints them as one harmless line', async () => {
    const pat = sandbox.mintPat({ userId: 'user_hostile' });
    const result = await tray(file, ['use-pat'], { input: `${pat}\n` });
    expect(result.code).toBe(0);
    expectHarmless(result);
    expect(result.stdout.split('\n')[0]).toMatch(
      /^Signed in as eve@example\.com.*with a personal access token$/,
    );
  });

  it('status prints them as one harmless line each', async () => {
    const result = await tray(file, ['status']);
    expect(result.code).toBe(0);
    expectHarmless(result);
    const lines = result.stdout.split('\n');
    expect(lines.filter((line) => line.startsWith('Signed in as'))).toHaveLength(1);
    expect(lines.filter((line) => line.trimStart().startsWith('Organization'))).toHaveLength(1);
  });

  it('status --json keeps the exact names, escaped', async () => {
    const result = await tray(file, ['status', '--json']);
    expect(result.code).toBe(0);
    expectHarmless(result);
    const status = JSON.parse(result.stdout) as { org?: string };
    expect(status.org).toBe(HOSTILE_ORG);
  });

  it('orgs lists them harmlessly, and --use takes the exact name', async () => {
    const list = await tray(file, ['orgs']);
    expect(list.code).toBe(0);
    expectHarmless(list);
    expect(list.stdout.split('\n').filter(Boolean)).toHaveLength(2);
    const use = await tray(file, ['orgs', '--use', 'plain-org']);
    expect(use.code).toBe(0);
    const back = await tray(file, ['orgs', '--use', HOSTILE_ORG]);
    expect(back.code).toBe(0);
    expectHarmless(back);
  });

  it('an unknown org name lists the real ones harmlessly', async () => {
    const result = await tray(file, ['orgs', '--use', `nope${ESC}]0;x${BEL}`]);
    expect(result.code).toBe(1);
    expectHarmless(result);
  });
});
