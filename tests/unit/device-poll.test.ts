import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../../main/core/errors.js';
import type { DevicePollAnswer } from '../../main/core/sign-in/device-authorization.js';
import { EXPIRY_GRACE_MS, pollForDeviceTokens } from '../../main/core/sign-in/device-poll.js';
import { SignInAbortedError } from '../../main/core/sign-in/sign-in.js';
import { flushPromises, VirtualClock } from './support/virtual-clock.js';

const TOKENS: DevicePollAnswer = {
  kind: 'tokens',
  response: { access_token: 'access', refresh_token: 'refresh', expires_in: 3600 },
};
const pending: DevicePollAnswer = { kind: 'error', error: 'authorization_pending' };
const error = (name: string): DevicePollAnswer => ({ kind: 'error', error: name });

/** A token endpoint that gives `answers` in order, and records when (virtual ms) it was asked. */
function endpoint(clock: VirtualClock, answers: DevicePollAnswer[]) {
  const askedAt: number[] = [];
  const start = clock.now();
  return {
    askedAt,
    request: async (): Promise<DevicePollAnswer> => {
      askedAt.push(clock.now() - start);
      const answer = answers.shift();
      if (!answer) throw new Error('asked more often than the test expected');
      return answer;
    },
  };
}

/** Runs the clock timer by timer until `work` settles; returns how it settled. */
async function settleOnClock<T>(
  clock: VirtualClock,
  work: Promise<T>,
): Promise<{ value?: T; error?: unknown }> {
  let outcome: { value?: T; error?: unknown } | undefined;
  work.then(
    (value) => (outcome = { value }),
    (caught: unknown) => (outcome = { error: caught }),
  );
  await flushPromises();
  while (!outcome && (await clock.runNext()));
  await flushPromises();
  if (!outcome) throw new Error('the poll neither ended nor set a timer');
  return outcome;
}

describe('pollForDeviceTokens (RFC 8628 §3.4-3.5), on a virtual clock', () => {
  it('waits the advertised interval before each request, through authorization_pending, to the tokens', async () => {
    const clock = new VirtualClock();
    const server = endpoint(clock, [pending, pending, TOKENS]);
    const result = await settleOnClock(
      clock,
      pollForDeviceTokens({ request: server.request, intervalSeconds: 2, expiresInSeconds: 600, clock }),
    );
    expect(result.value).toEqual(TOKENS.kind === 'tokens' ? TOKENS.response : undefined);
    expect(server.askedAt).toEqual([2000, 4000, 6000]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('slow_down adds five seconds to the interval, for every later request', async () => {
    const clock = new VirtualClock();
    const server = endpoint(clock, [pending, error('slow_down'), pending, error('slow_down'), TOKENS]);
    await settleOnClock(
      clock,
      pollForDeviceTokens({ request: server.request, intervalSeconds: 1, expiresInSeconds: 600, clock }),
    );
    expect(server.askedAt).toEqual([1000, 2000, 8000, 14_000, 25_000]);
  });

  it('waits 5 s when the provider gives no interval, and never less than 1 s', async () => {
    const clock = new VirtualClock();
    const plain = endpoint(clock, [pending, TOKENS]);
    await settleOnClock(
      clock,
      pollForDeviceTokens({
        request: plain.request,
        intervalSeconds: undefined,
        expiresInSeconds: 600,
        clock,
      }),
    );
    expect(plain.askedAt).toEqual([5000, 10_000]);

    const tiny = endpoint(clock, [pending, TOKENS]);
    await settleOnClock(
      clock,
      pollForDeviceTokens({ request: tiny.request, intervalSeconds: 0.01, expiresInSeconds: 600, clock }),
    );
    expect(tiny.askedAt).toEqual([1000, 2000]);
  });

  it('expired_token ends in one sentence saying the code expired', async () => {
    const clock = new VirtualClock();
    const server = endpoint(clock, [pending, error('expired_token')]);
    const { error: failure } = await settleOnClock(
      clock,
      pollForDeviceTokens({ request: server.request, intervalSeconds: 1, expiresInSeconds: 2, clock }),
    );
    expect(failure).toBeInstanceOf(UserFacingError);
    expect((failure as UserFacingError).code).toBe('device_code_expired');
    expect((failure as UserFacingError).message).toMatch(
      /^The sign-in code expired[^\n]*--device again[^.\n]*\.$/,
    );
  });

  it('access_denied ends as a declined sign-in does', async () => {
    const clock = new VirtualClock();
    const server = endpoint(clock, [pending, error('access_denied')]);
    const { error: failure } = await settleOnClock(
      clock,
      pollForDeviceTokens({ request: server.request, intervalSeconds: 1, expiresInSeconds: 600, clock }),
    );
    expect(failure).toMatchObject({
      code: 'access_denied',
      message: 'Sign-in was declined at the identity provider; nothing was saved.',
    });
  });

  it('another OAuth error ends the poll and names the error', async () => {
    const clock = new VirtualClock();
    const server = endpoint(clock, [error('invalid_grant')]);
    const { error: failure } = await settleOnClock(
      clock,
      pollForDeviceTokens({ request: server.request, intervalSeconds: 1, expiresInSeconds: 600, clock }),
    );
    expect(failure).toMatchObject({ code: 'provider_error' });
    expect((failure as Error).message).toContain('invalid_grant');
  });

  it('asks again, at the same interval, after an answer that was no OAuth answer', async () => {
    const clock = new VirtualClock();
    const server = endpoint(clock, [{ kind: 'unreachable' }, { kind: 'unreachable' }, TOKENS]);
    const result = await settleOnClock(
      clock,
      pollForDeviceTokens({ request: server.request, intervalSeconds: 3, expiresInSeconds: 600, clock }),
    );
    expect(result.value).toBeDefined();
    expect(server.askedAt).toEqual([3000, 6000, 9000]);
  });

  it("gives up, without asking again, a grace period after the code's expiry when the provider never says so", async () => {
    const clock = new VirtualClock();
    const answers = Array.from({ length: 100 }, () => pending);
    const server = endpoint(clock, answers);
    const { error: failure } = await settleOnClock(
      clock,
      pollForDeviceTokens({ request: server.request, intervalSeconds: 5, expiresInSeconds: 10, clock }),
    );
    expect((failure as UserFacingError).code).toBe('device_code_expired');
    const last = server.askedAt.at(-1) ?? 0;
    expect(last).toBeLessThan(10_000 + EXPIRY_GRACE_MS);
    expect(server.askedAt).toHaveLength((10_000 + EXPIRY_GRACE_MS) / 5000 - 1);
  });

  it('a cancel while waiting ends at once: no further request, no timer left', async () => {
    const clock = new VirtualClock();
    const cancel = new AbortController();
    const server = endpoint(clock, [pending]);
    const poll = pollForDeviceTokens({
      request: server.request,
      intervalSeconds: 5,
      expiresInSeconds: 600,
      clock,
      signal: cancel.signal,
    });
    const outcome = poll.catch((caught: unknown) => caught);
    await clock.advance(5000);
    cancel.abort();
    const failure = await outcome;
    expect(failure).toBeInstanceOf(SignInAbortedError);
    expect((failure as SignInAbortedError).reason).toBe('cancelled');
    expect(server.askedAt).toEqual([5000]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('a cancel during the request wins over the tokens it brings', async () => {
    const clock = new VirtualClock();
    const cancel = new AbortController();
    const poll = pollForDeviceTokens({
      request: async () => {
        cancel.abort();
        return TOKENS;
      },
      intervalSeconds: 1,
      expiresInSeconds: 600,
      clock,
      signal: cancel.signal,
    });
    const { error: failure } = await settleOnClock(clock, poll);
    expect(failure).toBeInstanceOf(SignInAbortedError);
  });
});
