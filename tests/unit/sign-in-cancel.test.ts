import { describe, expect, it } from 'vitest';
import type { Fetch } from '../../main/core/http/fetch.js';
import { signIn, SignInAbortedError } from '../../main/core/sign-in/sign-in.js';

describe('signIn: cancel during discovery', () => {
  it('ends at once with "cancelled" while /auth/config hangs, and opens no browser', async () => {
    let asked: () => void = () => undefined;
    const discoveryAsked = new Promise<void>((resolve) => (asked = resolve));
    // A network that never answers (until the request's own timeout aborts it).
    const hanging: Fetch = (_input, init) =>
      new Promise<Response>((_resolve, reject) => {
        asked();
        init?.signal?.addEventListener('abort', () => reject(new Error('aborted')));
      });
    const opened: string[] = [];
    const cancel = new AbortController();
    const flow = signIn(
      {
        fetch: hanging,
        openUrl: async (url) => {
          opened.push(url);
        },
        credentials: {
          checkWritable: async () => undefined,
          readOrg: async () => undefined,
          write: async () => {
            throw new Error('nothing may be saved');
          },
        },
      },
      { apiHost: 'https://api.example.com', signal: cancel.signal },
    );
    await discoveryAsked;
    cancel.abort();
    const error: unknown = await flow.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SignInAbortedError);
    expect((error as SignInAbortedError).reason).toBe('cancelled');
    expect(opened).toEqual([]);
  });
});
