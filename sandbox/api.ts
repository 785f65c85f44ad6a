import type { IncomingMessage, ServerResponse } from 'node:http';

import { API_ROUTES, sendUnauthorized, type ApiRoute, type ApiSandbox } from './api-routes.js';
import { authenticateBearer, type BearerDeps, type Principal } from './bearer.js';
import { bearerOf, sendJson } from './http.js';
import { isAcceptedUserAgent } from './user-agent.js';

function decodeAll(values: readonly string[]): string[] | undefined {
  try {
    return values.map((value) => decodeURIComponent(value));
  } catch {
    return undefined;
  }
}

/** Dispatches the Pipecat API routes, behind the same User-Agent rule as the real CDN. */
export class Api {
  readonly #sandbox: ApiSandbox;
  readonly #bearer: BearerDeps;
  readonly #routes: readonly ApiRoute[];

  constructor(sandbox: ApiSandbox, bearer: BearerDeps, routes: readonly ApiRoute[] = API_ROUTES) {
    this.#sandbox = sandbox;
    this.#bearer = bearer;
    this.#routes = routes;
  }

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (!isAcceptedUserAgent(req.headers['user-agent'], this.#sandbox.knobs.blockLibraryUserAgents)) {
      sendJson(res, 403, { error: 'forbidden', message: 'Send a User-Agent of the form Name/version.' });
      return;
    }
    const matching = this.#routes
      .map((route) => ({ route, match: route.pattern.exec(path) }))
      .filter((candidate) => candidate.match !== null);
    const found = matching.find((candidate) => candidate.route.method === req.method);
    const params = found?.match ? decodeAll(found.match.slice(1)) : undefined;
    if (!found || !params) {
      if (matching.length > 0 && !found) sendJson(res, 405, { error: 'method_not_allowed' });
      else sendJson(res, 404, { error: 'not_found' });
      return;
    }
    const authenticate = async (): Promise<Principal | undefined> => {
      const token = bearerOf(req);
      return token === undefined ? undefined : authenticateBearer(token, this.#bearer);
    };
    const principal = found.route.auth === 'bearer' ? await authenticate() : undefined;
    if (found.route.auth === 'bearer' && !principal) {
      sendUnauthorized(res);
      return;
    }
    await found.route.handle({ req, res, params, principal, authenticate, sandbox: this.#sandbox });
  }
}
