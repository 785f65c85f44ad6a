/**
 * `pipecat-tray login --device` (RFC 8628) end to end: the command as a child process, the
 * sandbox's device flow, and Debian's Chromium as the user's other device, which enters the code
 * and approves, denies, or leaves it to expire.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CredentialsStore } from '../main/core/credentials/index.js';
import { LOOPBACK_PORTS } from '../main/core/loopback/constants.js';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { launchChromium, type LaunchedBrowser } from './support/browser.js';
import { completeDeviceLogin } from './support/device-login.js';
import { isListening, isOneSentence } from './support/sign-in-harness.js';
import { runTrayCli, startTrayCli, type RunningTrayCli } from './support/tray-cli.js';

const PROMPT = /open this page in a browser on any device:\n {2}(\S+)\nand enter this code:\n {2}(\S+)\n/;
const FILLED_IN = /which has the code filled in:\n {2}(\S+)\n/;
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

let sandbox: Sandbox;
let browser: LaunchedBrowser;
let dir: string;
const transcripts: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
  // A short interval keeps the suite fast; the polling itself is the app's, at that interval.
  sandbox.knobs.deviceIntervalSeconds = 1;
  browser = await launchChromium();
  dir = await mkdtemp(path.join(tmpdir(), 'pipecat-tray-device-'));
});

afterEach(() => {
  sandbox.knobs.deviceCodeTtlSeconds = 600;
  sandbox.knobs.discoveryOverrides = null;
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface DeviceLogin {
  cli: RunningTrayCli;
  configPath: string;
  verificationUri: string;
  userCode: string;
  filledIn: string;
}

async function startDeviceLogin(name: string): Promise<DeviceLogin> {
  const configPath = path.join(dir, name, 'pipecatcloud.toml');
  const cli = startTrayCli(['login', '--device', '--api-host', sandbox.apiHost, '--config', configPath], {
    env: { NODE_EXTRA_CA_CERTS: sandbox.caFile },
  });
  const [, verificationUri = '', userCode = ''] = await cli.stdoutMatch(PROMPT);
  const [, filledIn = ''] = await cli.stdoutMatch(FILLED_IN);
  await cli.stdoutMatch(/Waiting for you to approve/);
  return { cli, configPath, verificationUri, userCode, filledIn };
}

async function onOtherDevice<T>(task: (page: Page) => Promise<T>): Promise<T> {
  const page = await browser.context.newPage();
  try {
    return await task(page);
  } finally {
    await page.close();
  }
}

const deviceGrants = (): number => sandbox.counters.tokenRequests[DEVICE_GRANT] ?? 0;

describe('login --device', () => {
  it('approved on another device: the page and code shown, then the same sign-in, file and refresh token', async () => {
    const codeExchangesBefore = sandbox.counters.tokenRequests['authorization_code'] ?? 0;
    const login = await startDeviceLogin('approved');
    expect(login.verificationUri).toBe(`${sandbox.issuer}/device`);
    expect(login.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(new URL(login.filledIn).searchParams.get('user_code')).toBe(login.userCode);
    // No browser and no loopback port on this machine.
    for (const port of LOOPBACK_PORTS) expect(await isListening(port)).toBe(false);

    const page = await onOtherDevice((p) =>
      completeDeviceLogin(p, login.verificationUri, sandbox.account, login.userCode, {
        typeCode: login.userCode,
      }),
    );
    expect(page).toBe('done');
    const result = await login.cli.process.result;
    transcripts.push(result.stdout, result.stderr);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Signed in as dev@example.com · Acme Inc. (acme)');
    expect(deviceGrants()).toBeGreaterThanOrEqual(1);
    expect(sandbox.counters.tokenRequests['authorization_code'] ?? 0).toBe(codeExchangesBefore);

    const saved = await new CredentialsStore({ path: login.configPath, apiHost: sandbox.apiHost }).read();
    expect(saved?.org).toBe('acme');
    expect(saved?.refreshToken.length).toBeGreaterThan(10);
    // The refresh token works: offline_access was granted without any prompt from the app.
    const refresh = await runTrayCli(
      ['refresh', '--api-host', sandbox.apiHost, '--config', login.configPath],
      {
        env: { NODE_EXTRA_CA_CERTS: sandbox.caFile },
      },
    );
    transcripts.push(refresh.stdout, refresh.stderr);
    expect(refresh.code).toBe(0);
  });

  it('denied on the confirmation page (the link with the code filled in): one sentence, exit 1, nothing written', async () => {
    const login = await startDeviceLogin('denied-confirm');
    const page = await onOtherDevice((p) =>
      completeDeviceLogin(p, login.filledIn, sandbox.account, login.userCode, { denyAt: 'confirm' }),
    );
    expect(page).toContain('denied');
    const result = await login.cli.process.result;
    transcripts.push(result.stdout, result.stderr);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('Sign-in was declined at the identity provider; nothing was saved.');
    await expect(stat(login.configPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('denied at the consent step after logging in: the same sentence, nothing written', async () => {
    const login = await startDeviceLogin('denied-consent');
    await onOtherDevice((p) =>
      completeDeviceLogin(p, login.filledIn, sandbox.account, login.userCode, { denyAt: 'consent' }),
    );
    const result = await login.cli.process.result;
    transcripts.push(result.stdout, result.stderr);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('Sign-in was declined at the identity provider; nothing was saved.');
    await expect(stat(login.configPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('left to expire: the provider answers expired_token and the command says so in one sentence', async () => {
    sandbox.knobs.deviceCodeTtlSeconds = 2;
    const before = deviceGrants();
    const login = await startDeviceLogin('expired');
    const result = await login.cli.process.result;
    transcripts.push(result.stdout, result.stderr);
    expect(result.code).toBe(1);
    const message = result.stderr.trim();
    expect(message).toMatch(/^The sign-in code expired before it was approved/);
    expect(isOneSentence(message)).toBe(true);
    // It polled while the code lived, and stopped at the provider's expired_token.
    expect(deviceGrants() - before).toBeGreaterThanOrEqual(2);
    const lastPoll = sandbox.requestLog.filter((r) => r.method === 'POST' && r.path === '/oidc/token').at(-1);
    expect(lastPoll?.status).toBe(400);
    await expect(stat(login.configPath)).rejects.toMatchObject({ code: 'ENOENT' });
    // The expired code can no longer be entered on the other device.
    const alert = await onOtherDevice(async (p) => {
      await p.goto(login.filledIn);
      return p
        .locator('[data-step="device-code"]')
        .getByRole('alert')
        .or(p.getByRole('alert'))
        .first()
        .innerText();
    });
    expect(alert).toContain('expired');
  });

  it('where the provider does not advertise it, says so in one sentence and suggests the paste', async () => {
    sandbox.knobs.discoveryOverrides = { fields: { device_authorization_endpoint: undefined } };
    const configPath = path.join(dir, 'unsupported', 'pipecatcloud.toml');
    const result = await runTrayCli(
      ['login', '--device', '--api-host', sandbox.apiHost, '--config', configPath],
      {
        env: { NODE_EXTRA_CA_CERTS: sandbox.caFile },
      },
    );
    transcripts.push(result.stdout, result.stderr);
    expect(result.code).toBe(1);
    const message = result.stderr.trim();
    expect(isOneSentence(message)).toBe(true);
    expect(message).toContain('does not offer sign-in with a code');
    expect(message).toContain('login --no-browser');
    expect(result.stdout).toBe('');
  });

  it('printed no token, refresh token, device code or verifier anywhere', () => {
    const secrets = sandbox.secretsSeen();
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    const everything = [...transcripts, JSON.stringify(sandbox.requestLog)].join('\n');
    expect(secrets.filter((secret) => everything.includes(secret))).toEqual([]);
  });
});
