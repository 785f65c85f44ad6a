import type { CallbackOutcome, LoopbackServer } from '../loopback/loopback-server.js';
import type { CallbackPaste } from './callback-paste.js';

/**
 * The browser's callback to the loopback server, or the same address pasted back by the user,
 * whichever comes first; rejects with `wait.reason` when the wait is cancelled or times out.
 * The loser is closed at once: the paste stops waiting, and after a paste the server closes, so
 * a browser that comes back later finds nobody.
 */
export async function waitForCallbackOrPaste(
  server: LoopbackServer,
  state: string,
  wait: AbortSignal,
  paste: CallbackPaste | undefined,
): Promise<CallbackOutcome> {
  if (!paste) return server.waitForCallback(wait);
  const settled = new AbortController();
  const signal = AbortSignal.any([wait, settled.signal]);
  try {
    const winner = await Promise.race([
      server.waitForCallback(signal).then((outcome) => ({ outcome, pasted: false })),
      paste
        .waitFor({ port: server.port, redirectUri: server.redirectUri, state }, signal)
        .then((outcome) => ({ outcome, pasted: true })),
    ]);
    if (winner.pasted) await server.close();
    return winner.outcome;
  } finally {
    settled.abort();
  }
}
