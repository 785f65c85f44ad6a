/**
 * The real tray app in Electron, against the sandbox: the account window comes up signed out, and
 * a sign-in through it (the test plays the browser) ends signed in, in the window and in the file.
 * Where no Electron binary was downloaded (this machine, CI) the suite is skipped, and says so.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeLoginOverHttp, startSandbox, type Sandbox } from '../../sandbox/index.js';
import { findElectronBinary } from './electron-binary.js';
import { MAIN_ENTRY, TrayAppHarness } from './harness.js';

const binary = findElectronBinary();
const SKIPPED = 'skipped: no Electron binary';
if (!binary.found) console.log(`${SKIPPED} (${binary.reason})`);

describe.skipIf(!binary.found)(binary.found ? 'the tray app in Electron' : SKIPPED, () => {
  let sandbox: Sandbox;
  let tray: TrayAppHarness;

  beforeAll(async () => {
    if (!binary.found) return;
    expect(existsSync(MAIN_ENTRY), `${MAIN_ENTRY} is missing: run npm run build`).toBe(true);
    sandbox = await startSandbox();
    tray = await TrayAppHarness.launch({ executablePath: binary.path, sandbox });
  });

  afterAll(async () => {
    await tray?.close();
    await sandbox?.close();
  });

  it('starts and opens the account window, signed out of the sandbox', async () => {
    await tray.waitForEvent('app-ready');
    await tray.waitForEvent('account-window');
    await tray.waitForEvent('state:signed_out');
    const view = await tray.state();
    expect(view).toMatchObject({ status: 'signed_out', apiHost: sandbox.apiHost });
    // No secret ever reaches a window.
    expect(JSON.stringify(view)).not.toMatch(/token|secret|verifier/i);
    const page = await tray.accountWindow();
    await page
      .getByText(/sign in/i)
      .first()
      .waitFor({ state: 'visible' });
  });

  it('signs in through the browser and shows who is signed in', async () => {
    const finished = await tray.startSignIn();
    const signingIn = await tray.waitForState((view) => view.status === 'signing_in' && !!view.signInUrl);
    const authorizeUrl = signingIn.signInUrl ?? '';
    expect(new URL(authorizeUrl).searchParams.get('code_challenge_method')).toBe('S256');

    const callback = await completeLoginOverHttp(authorizeUrl, sandbox.account, { ca: sandbox.caPem });
    expect(callback.hostname).toBe('127.0.0.1');
    const delivered = await fetch(callback, { redirect: 'manual' });
    expect(delivered.status).toBe(302);

    await expect(finished).resolves.toMatchObject({ ok: true });
    const view = await tray.waitForState((next) => next.status === 'oauth');
    expect(view).toMatchObject({ email: sandbox.account.email, org: 'acme' });
    const page = await tray.accountWindow();
    await page.getByText(sandbox.account.email).first().waitFor({ state: 'visible' });

    const file = path.join(tray.home, '.config', 'pipecat-tray', 'sandbox', 'pipecatcloud.toml');
    const toml = await readFile(file, 'utf8');
    expect(toml).toMatch(/refresh_token = "/);
    expect(tray.output).not.toContain(toml.match(/refresh_token = "([^"]+)"/)?.[1] ?? 'never');
  });
});
