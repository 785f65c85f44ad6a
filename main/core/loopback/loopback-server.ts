import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { PAGE_SECURITY_HEADERS, renderFailurePage } from '../pages/index.js';
import { classifyCallbackRequest, type CallbackClassification } from './classify-request.js';
import { LOOPBACK_PORTS, RESULT_PATH, redirectUriFor } from './constants.js';
import { listenOnFirstFreePort } from './listen.js';

/** The first callback with the right state: a code to exchange, or the provider's refusal. */
export type CallbackOutcome =
  | { kind: 'code'; code: string; callbackUrl: URL }
  | { kind: 'provider_error'; error: string; description: string | undefined };

export interface LoopbackServerOptions {
  state: string;
  ports?: readonly number[];
  /** How long `finish` waits for the browser to come and fetch the result page. */
  resultGraceMs?: number;
}

/**
 * The single-use sign-in callback server (after msal-node's ILoopbackClient): listen, wait for
 * one good callback, show one result page, close. It never ends a flow on a bad request.
 */
export class LoopbackServer {
  private readonly server: Server;
  private accepted: CallbackOutcome | undefined;
  private waiters: Array<(outcome: CallbackOutcome) => void> = [];
  private heldResultRequests: ServerResponse[] = [];
  private resultPage: string | undefined;
  private resultDelivered: (() => void) | undefined;
  private closed = false;

  private constructor(
    private readonly options: LoopbackServerOptions,
    readonly port: number,
    server: Server,
  ) {
    this.server = server;
  }

  static async start(options: LoopbackServerOptions): Promise<LoopbackServer> {
    const server = createServer();
    // Keep-alive sockets from the browser must not hold the process open after we close.
    server.keepAliveTimeout = 1000;
    const port = await listenOnFirstFreePort(server, options.ports ?? LOOPBACK_PORTS);
    const loopback = new LoopbackServer(options, port, server);
    server.on('request', (req, res) => loopback.handle(req, res));
    return loopback;
  }

  get redirectUri(): string {
    return redirectUriFor(this.port);
  }

  /** Resolves with the first callback whose state matches; rejects when `signal` aborts first. */
  waitForCallback(signal: AbortSignal): Promise<CallbackOutcome> {
    if (this.accepted) return Promise.resolve(this.accepted);
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(signal.reason);
      };
      const waiter = (outcome: CallbackOutcome): void => {
        signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /**
   * Shows `page` to the browser that brought the callback (it is waiting on the result URL, or
   * will come for it), then closes. Resolves once the page went out or the grace time ran out.
   */
  async finish(page: string): Promise<void> {
    if (this.closed) return;
    this.resultPage = page;
    const held = this.heldResultRequests.splice(0);
    if (held.length > 0) {
      await Promise.all(held.map((res) => sendPage(res, 200, page)));
    } else if (this.accepted) {
      await new Promise<void>((resolve) => {
        this.resultDelivered = resolve;
        setTimeout(resolve, this.options.resultGraceMs ?? 10_000).unref();
      });
    }
    await this.close();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const res of this.heldResultRequests.splice(0)) res.destroy();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const classification = classifyCallbackRequest(
      { method: req.method, target: req.url, host: req.headers.host },
      { port: this.port, state: this.options.state },
    );
    void this.respond(classification, res);
  }

  private async respond(c: CallbackClassification, res: ServerResponse): Promise<void> {
    switch (c.kind) {
      case 'not_found':
        return sendText(res, 404, 'Not found.');
      case 'method_not_allowed':
        res.setHeader('allow', 'GET');
        return sendText(res, 405, 'Method not allowed.');
      case 'too_long':
        return sendText(res, 414, 'Request too long.');
      case 'state_mismatch':
        return sendPage(res, 400, renderFailurePage('state_mismatch'));
      case 'missing_code':
        return sendPage(
          res,
          400,
          renderFailurePage('provider_error', 'The sign-in response carried no code.'),
        );
      case 'result_page':
        return this.serveResult(res);
      case 'code':
      case 'provider_error': {
        if (this.accepted) return sendText(res, 404, 'This sign-in has already been completed.');
        this.accepted =
          c.kind === 'code'
            ? { kind: 'code', code: c.code, callbackUrl: this.callbackUrl(c.query) }
            : { kind: 'provider_error', error: c.error, description: c.description };
        res.writeHead(302, {
          location: RESULT_PATH,
          'cache-control': 'no-store',
          'referrer-policy': 'no-referrer',
        });
        res.end();
        const outcome = this.accepted;
        for (const waiter of this.waiters.splice(0)) waiter(outcome);
        return;
      }
    }
  }

  private async serveResult(res: ServerResponse): Promise<void> {
    if (!this.accepted) return sendText(res, 404, 'Not found.');
    if (this.resultPage === undefined) {
      this.heldResultRequests.push(res);
      return;
    }
    await sendPage(res, 200, this.resultPage);
    this.resultDelivered?.();
  }

  private callbackUrl(query: URLSearchParams): URL {
    const url = new URL(this.redirectUri);
    url.search = query.toString();
    return url;
  }
}

function sendPage(res: ServerResponse, status: number, html: string): Promise<void> {
  return new Promise((resolve) => {
    res.writeHead(status, { ...PAGE_SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' });
    res.end(html, () => resolve());
  });
}

function sendText(res: ServerResponse, status: number, text: string): Promise<void> {
  return new Promise((resolve) => {
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', 'no-store');
    res.statusCode = status;
    res.end(text, () => resolve());
  });
}
