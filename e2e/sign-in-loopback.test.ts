/**
 * The loopback server's life, end to end: which port it takes when 8400-8404 are busy (D), and how
 * a sign-in ends when the user cancels or the time runs out (G). Real sandbox, real ports.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UserFacingError } from '../main/core/errors.js';
import { SignInAbortedError } from '../main/core/sign-in/sign-in.js';
import { completeLoginOverHttp } from '../sandbox/index.js';
import {
  deliverCallback,
  isListening,
  isOneSentence,
  occupyPort,
  rawRequest,
  settle,
  startSignInHarness,
  targetOf,
  type SignInHarness,
} from './support/sign-in-harness.js';
import { runTrayCli } from './support/tray-cli.js';

const PORTS = [8400, 8401, 8402, 8403, 8404];

let h: SignInHarness;

beforeAll(async () => {
  h = await startSignInHarness();
});

afterEach(async () => {
  await h.endAllFlows();
});

afterAll(async () => {
  await h?.close();
});

/** Runs `task` while this process holds 127.0.0.1:`ports`. */
async function withPortsBusy<T>(ports: readonly number[], task: () => Promise<T>): Promise<T> {
  const held = [];
  try {
    for (const port of ports) held.push(await occupyPort(port));
    return await task();
  } finally {
    await Promise.all(held.map((port) => port.release()));
  }
}

async function expectNoFolder(folder: string): Promise<void> {
  await expect(readdir(folder)).rejects.toMatchObject({ code: 'ENOENT' });
}

describe('busy loopback ports (D)', () => {
  it('all five busy: a clear error naming them, no browser, nothing written', async () => {
    const folder = path.join(h.dir, 'all-busy');
    const configPath = path.join(folder, 'pipecatcloud.toml');
    await withPortsBusy(PORTS, async () => {
      const flow = h.startSignIn({ configPath, cancelIfBrowserOpens: true });
      const outcome = await settle(flow.result);
      expect(outcome.ok).toBe(false);
      const error = outcome.ok ? undefined : outcome.error;
      expect(error).toBeInstanceOf(UserFacingError);
      expect((error as UserFacingError).code).toBe('loopback_ports_busy');
      const message = (error as UserFacingError).message;
      expect(message).toContain('8400-8404');
      expect(message).toContain('127.0.0.1');
      expect(isOneSentence(message)).toBe(true);
      expect(flow.openUrlCalls).toBe(0);
      expect(flow.steps.includes('waiting_for_browser')).toBe(false);
    });
    await expectNoFolder(folder);
  });

  it('all five busy, from the terminal: the message on stderr, one line, no stack, exit non-zero', async () => {
    const folder = path.join(h.dir, 'all-busy-cli');
    const configPath = path.join(folder, 'pipecatcloud.toml');
    const run = await withPortsBusy(PORTS, () =>
      runTrayCli(['login', '--no-browser', '--api-host', h.sandbox.apiHost, '--config', configPath], {
        env: { NODE_EXTRA_CA_CERTS: h.sandbox.caFile },
      }),
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('8400-8404');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).not.toContain('https://');
    await expectNoFolder(folder);
  });

  it('8400 busy: the sign-in runs on 8401', async () => {
    const configPath = path.join(h.dir, 'one-busy', 'pipecatcloud.toml');
    await withPortsBusy([8400], async () => {
      const flow = h.startSignIn({ configPath });
      const authorizeUrl = new URL(await flow.authorizeUrl);
      expect(authorizeUrl.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:8401/oauth_callback');
      const callback = await completeLoginOverHttp(authorizeUrl.href, h.sandbox.account, {
        ca: h.sandbox.caPem,
      });
      expect(callback.port).toBe('8401');
      const { callback: answer, result } = await deliverCallback(callback);
      expect(answer.status).toBe(302);
      expect(result?.status).toBe(200);
      expect((await settle(flow.result)).ok).toBe(true);
    });
    expect((await h.store(configPath).read())?.org).toBe('acme');
  });
});

describe('cancel and timeout (G)', () => {
  it('cancel while waiting: SignInAbortedError(cancelled), the server closes, the code is never used', async () => {
    const folder = path.join(h.dir, 'cancelled');
    const configPath = path.join(folder, 'pipecatcloud.toml');
    const flow = h.startSignIn({ configPath });
    const callback = await completeLoginOverHttp(await flow.authorizeUrl, h.sandbox.account, {
      ca: h.sandbox.caPem,
    });
    const port = Number(callback.port);
    expect(await isListening(port)).toBe(true);
    const exchangesBefore = h.sandbox.counters.tokenRequests['authorization_code'] ?? 0;

    flow.cancel();
    const outcome = await settle(flow.result);
    expect(outcome.ok).toBe(false);
    const error = outcome.ok ? undefined : outcome.error;
    expect(error).toBeInstanceOf(SignInAbortedError);
    expect((error as SignInAbortedError).reason).toBe('cancelled');
    expect((error as SignInAbortedError).code).toBe('sign_in_cancelled');

    expect(await isListening(port)).toBe(false);
    // The browser coming back late finds nobody: the code it carries is never exchanged.
    const late = await rawRequest({ port, target: targetOf(callback) }).then(
      (response) => response.status,
      (failure: NodeJS.ErrnoException) => failure.code,
    );
    expect(late).toBe('ECONNREFUSED');
    expect(h.sandbox.counters.tokenRequests['authorization_code'] ?? 0).toBe(exchangesBefore);
    expect(flow.steps.includes('exchanging')).toBe(false);
    await expectNoFolder(folder);
  });

  it('timeout while waiting: SignInAbortedError(timed_out), the server closes, nothing written', async () => {
    const folder = path.join(h.dir, 'timed-out');
    const configPath = path.join(folder, 'pipecatcloud.toml');
    const flow = h.startSignIn({ configPath, timeoutMs: 200 });
    const port = Number(
      new URL(new URL(await flow.authorizeUrl).searchParams.get('redirect_uri') ?? '').port,
    );
    // Waits for the rejection itself: the event, not a clock.
    const outcome = await settle(flow.result);
    expect(outcome.ok).toBe(false);
    const error = outcome.ok ? undefined : outcome.error;
    expect(error).toBeInstanceOf(SignInAbortedError);
    expect((error as SignInAbortedError).reason).toBe('timed_out');
    expect((error as SignInAbortedError).code).toBe('sign_in_timed_out');
    expect(await isListening(port)).toBe(false);
    expect(flow.steps).toEqual(['discovering', 'waiting_for_browser']);
    await expectNoFolder(folder);
  });
});
