/**
 * Sign-in faults end to end, against the real sandbox with its fault knobs: a provider unfit for
 * sign-in or an unreachable API (E), a token endpoint that refuses or fails (F), and a credentials
 * file that cannot be used (H). Each ends with a clear UserFacingError and writes nothing; the
 * ones found before the browser step never open it.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UserFacingError } from '../main/core/errors.js';
import { escapeHtml, FAILURE_COPY, PAGE_CSP, SUCCESS_TITLE } from '../main/core/pages/index.js';
import { copyFixture } from '../tests/unit/credentials-helpers.js';
import { completeLoginOverHttp, type Sandbox } from '../sandbox/index.js';
import {
  closedPort,
  containsSandboxSecret,
  deliverCallback,
  isOneSentence,
  settle,
  startSignInHarness,
  type SignInHarness,
  type StartedSignIn,
} from './support/sign-in-harness.js';

let h: SignInHarness;
let caseNumber = 0;

beforeAll(async () => {
  h = await startSignInHarness();
});

afterEach(async () => {
  await h.endAllFlows();
  const knobs = h.sandbox.knobs;
  knobs.discoveryOverrides = null;
  knobs.authConfigOverride = null;
  knobs.unreachable = false;
  knobs.failNextTokenRequests(0);
});

afterAll(async () => {
  await h?.close();
});

/** A fresh folder holding a copy of the CLI's environments fixture; returns its path and text. */
async function fixtureFile(): Promise<{ folder: string; configPath: string; before: string }> {
  caseNumber += 1;
  const folder = path.join(h.dir, `case-${caseNumber}`);
  await mkdir(folder, { recursive: true });
  const configPath = path.join(folder, 'pipecatcloud.toml');
  return { folder, configPath, before: await copyFixture('environments.toml', configPath) };
}

/** Waits for the flow to fail and returns its error, checked to be a clear UserFacingError. */
async function failure(flow: StartedSignIn, sandbox: Sandbox): Promise<UserFacingError> {
  const outcome = await settle(flow.result);
  expect(outcome.ok).toBe(false);
  const error = outcome.ok ? undefined : outcome.error;
  expect(error).toBeInstanceOf(UserFacingError);
  const message = (error as UserFacingError).message;
  expect(containsSandboxSecret(sandbox, message)).toBe(false);
  expect(isOneSentence(message), `not one sentence: ${message}`).toBe(true);
  return error as UserFacingError;
}

/** The folder holds exactly the fixture, byte for byte: nothing written, no temp or lock files. */
async function expectUntouched(folder: string, configPath: string, before: string): Promise<void> {
  expect(await readdir(folder)).toEqual([path.basename(configPath)]);
  expect((await readFile(configPath, 'utf8')) === before).toBe(true);
}

describe('discovery faults stop sign-in before the browser (E)', () => {
  const docFields = (fields: Record<string, unknown>) => (sandbox: Sandbox) => {
    sandbox.knobs.discoveryOverrides = { fields };
  };
  const cases: Array<{
    what: string;
    setUp: (sandbox: Sandbox) => void | Promise<void>;
    code: string;
    /** A phrase the message must contain, so the user learns what is wrong. */
    says: RegExp;
    apiHost?: () => Promise<string>;
  }> = [
    {
      what: 'an issuer mismatch',
      setUp: docFields({ issuer: 'https://elsewhere.example/oidc' }),
      code: 'discovery_invalid',
      says: /different issuer|names itself/,
    },
    {
      what: 'an http authorization endpoint',
      setUp: (sandbox) => {
        const url = new URL(`${sandbox.issuer}/auth`);
        url.protocol = 'http:';
        sandbox.knobs.discoveryOverrides = { fields: { authorization_endpoint: url.href } };
      },
      code: 'discovery_invalid',
      says: /authorization_endpoint is not https/,
    },
    {
      what: 'an http token endpoint',
      setUp: (sandbox) => {
        const url = new URL(`${sandbox.issuer}/token`);
        url.protocol = 'http:';
        sandbox.knobs.discoveryOverrides = { fields: { token_endpoint: url.href } };
      },
      code: 'discovery_invalid',
      says: /token_endpoint is not https/,
    },
    {
      what: 'no S256',
      setUp: docFields({ code_challenge_methods_supported: ['plain'] }),
      code: 'discovery_invalid',
      says: /S256/,
    },
    {
      what: 'no code response type',
      setUp: docFields({ response_types_supported: ['id_token', 'id_token token'] }),
      code: 'discovery_invalid',
      says: /authorization code flow/,
    },
    {
      what: 'a discovery document that is not JSON',
      setUp: (sandbox) => {
        sandbox.knobs.discoveryOverrides = {
          status: 200,
          body: '<html>maintenance</html>',
          contentType: 'text/html',
        };
      },
      code: 'discovery_invalid',
      says: /not valid JSON/,
    },
    {
      what: 'a discovery 500',
      setUp: (sandbox) => {
        sandbox.knobs.discoveryOverrides = { status: 500, body: 'boom' };
      },
      code: 'discovery_invalid',
      says: /could not be fetched/,
    },
    {
      what: 'an /auth/config 500',
      setUp: (sandbox) => {
        sandbox.knobs.authConfigOverride = { status: 500, body: { error: 'server_error' } };
      },
      code: 'auth_config_unavailable',
      says: /\/auth\/config: is the API reachable\?$/,
    },
    {
      what: 'an /auth/config that is not JSON',
      setUp: (sandbox) => {
        sandbox.knobs.authConfigOverride = { status: 200, body: '<html>not json</html>' };
      },
      code: 'auth_config_unavailable',
      says: /\/auth\/config: is the API reachable\?$/,
    },
    {
      what: 'an /auth/config without client_id',
      setUp: (sandbox) => {
        sandbox.knobs.authConfigOverride = {
          status: 200,
          body: { issuer: sandbox.issuer, scopes: sandbox.scopes },
        };
      },
      code: 'auth_config_invalid',
      says: /client_id/,
    },
    {
      what: 'an API that drops every connection',
      setUp: (sandbox) => {
        sandbox.knobs.unreachable = true;
      },
      code: 'auth_config_unavailable',
      says: /is the API reachable\?$/,
    },
    {
      what: 'an unreachable API (a closed port)',
      setUp: () => undefined,
      apiHost: async () => `https://127.0.0.1:${await closedPort()}`,
      code: 'auth_config_unavailable',
      says: /is the API reachable\?$/,
    },
  ];

  it.each(cases)('$what', async ({ setUp, code, says, apiHost }) => {
    const { folder, configPath, before } = await fixtureFile();
    await setUp(h.sandbox);
    const host = apiHost ? await apiHost() : h.sandbox.apiHost;
    const flow = h.startSignIn({ configPath, apiHost: host, cancelIfBrowserOpens: true });

    const error = await failure(flow, h.sandbox);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(says);
    expect(flow.openUrlCalls).toBe(0);
    expect(flow.steps).toEqual(['discovering']);
    await expect(flow.authorizeUrl).rejects.toBe(error);
    await expectUntouched(folder, configPath, before);
  });

  it('the same sign-in works once the fault is gone (the cases above are faults, not a broken setup)', async () => {
    const { configPath } = await fixtureFile();
    const flow = h.startSignIn({ configPath });
    const callback = await completeLoginOverHttp(await flow.authorizeUrl, h.sandbox.account, {
      ca: h.sandbox.caPem,
    });
    await deliverCallback(callback);
    expect((await settle(flow.result)).ok).toBe(true);
  });
});

describe('token endpoint failures (F)', () => {
  it.each([
    // A refusal names the provider's error; a server failure says to try again.
    { status: 400, error: 'invalid_grant', code: 'exchange_refused', says: /invalid_grant, HTTP 400/ },
    { status: 500, error: 'server_error', code: 'exchange_failed', says: /try again/ },
    { status: 503, error: 'temporarily_unavailable', code: 'exchange_failed', says: /try again/ },
  ])('HTTP $status $error: the failure page and a clear error, nothing written', async (fault) => {
    const { folder, configPath, before } = await fixtureFile();
    const flow = h.startSignIn({ configPath });
    const callback = await completeLoginOverHttp(await flow.authorizeUrl, h.sandbox.account, {
      ca: h.sandbox.caPem,
    });
    const injectedBefore = h.sandbox.counters.injectedTokenFailures;
    h.sandbox.knobs.failNextTokenRequests(1, fault.status, fault.error);

    const delivered = await deliverCallback(callback);
    expect(delivered.callback.status).toBe(302);
    const page = delivered.result?.body ?? '';
    expect(delivered.result?.status).toBe(200);
    expect(delivered.result?.headers['content-security-policy']).toBe(PAGE_CSP);
    expect(containsSandboxSecret(h.sandbox, page)).toBe(false);
    expect(page.includes(escapeHtml(FAILURE_COPY.exchange_failed.title))).toBe(true);
    expect(page.includes(escapeHtml(SUCCESS_TITLE))).toBe(false);

    const error = await failure(flow, h.sandbox);
    expect(error.code).toBe(fault.code);
    expect(error.message).toMatch(fault.says);
    expect(h.sandbox.counters.injectedTokenFailures).toBe(injectedBefore + 1);
    expect(flow.steps.includes('saving')).toBe(false);
    await expectUntouched(folder, configPath, before);
  });
});

describe('a credentials file that cannot be used stops sign-in before the browser (H)', () => {
  it('a file that does not parse: left byte-for-byte, the error names it', async () => {
    caseNumber += 1;
    const folder = path.join(h.dir, `case-${caseNumber}`);
    await mkdir(folder, { recursive: true });
    const configPath = path.join(folder, 'pipecatcloud.toml');
    const before = 'token = "half-written\n[acme\norg = \n';
    await writeFile(configPath, before, { mode: 0o600 });
    const logBefore = h.sandbox.requestLog.length;

    const flow = h.startSignIn({ configPath, cancelIfBrowserOpens: true });
    const error = await failure(flow, h.sandbox);
    expect(error.code).toBe('credentials_unparseable');
    expect(error.message).toContain(configPath);
    expect(flow.openUrlCalls).toBe(0);
    // Checked before discovery: the sandbox saw nothing at all.
    expect(h.sandbox.requestLog.length).toBe(logBefore);
    await expectUntouched(folder, configPath, before);
  });

  it('a folder that cannot be made (its parent is a regular file): a clear error before the browser', async () => {
    caseNumber += 1;
    const folder = path.join(h.dir, `case-${caseNumber}`);
    await mkdir(folder, { recursive: true });
    const blocker = path.join(folder, 'not-a-folder');
    await writeFile(blocker, 'a plain file\n');
    const configPath = path.join(blocker, 'pipecatcloud', 'pipecatcloud.toml');
    const logBefore = h.sandbox.requestLog.length;

    const flow = h.startSignIn({ configPath, cancelIfBrowserOpens: true });
    const error = await failure(flow, h.sandbox);
    expect(error.code).toBe('credentials_unwritable');
    expect(error.message).toContain(blocker);
    expect(error.message).toContain('is a file, not a folder');
    expect(flow.openUrlCalls).toBe(0);
    expect(h.sandbox.requestLog.length).toBe(logBefore);
    expect(await readdir(folder)).toEqual(['not-a-folder']);
    expect(await readFile(blocker, 'utf8')).toBe('a plain file\n');
  });
});
