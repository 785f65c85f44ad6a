import type { Page } from 'playwright';
import { LOOPBACK_PORTS } from '../../main/core/loopback/constants.js';

export interface RemoteBrowser {
  /** Every address the page tried to load on this machine's sign-in ports, in order. */
  readonly refused: readonly URL[];
}

interface RequestPaused {
  requestId: string;
  request: { url: string };
}

/**
 * Makes `page` a browser on another machine (a laptop signing in to an SSH session): its loads of
 * 127.0.0.1:8400-8404 never reach this machine's loopback server but fail as "cannot be reached",
 * as they do when nothing listens there. What it tried to load is what its address bar then
 * shows: the address the user copies and pastes back.
 *
 * Chromium's own request interception (CDP Fetch), because Playwright's `route` does not see the
 * provider's redirect to the loopback: it skips requests that come from a redirect.
 */
export async function asRemoteBrowser(page: Page): Promise<RemoteBrowser> {
  const refused: URL[] = [];
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Fetch.requestPaused', (event: RequestPaused) => {
    const url = new URL(event.request.url);
    const loopback = url.hostname === '127.0.0.1' && LOOPBACK_PORTS.includes(Number(url.port));
    if (loopback) refused.push(url);
    const answer = loopback
      ? cdp.send('Fetch.failRequest', { requestId: event.requestId, errorReason: 'ConnectionRefused' })
      : cdp.send('Fetch.continueRequest', { requestId: event.requestId });
    answer.catch(() => undefined);
  });
  await cdp.send('Fetch.enable', {
    patterns: [{ urlPattern: 'http://127.0.0.1:*', requestStage: 'Request' }],
  });
  return { refused };
}
