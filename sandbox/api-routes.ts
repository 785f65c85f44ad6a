import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';

import type { Principal } from './bearer.js';
import { visibleOrganizations } from './bearer.js';
import { readJsonObject, sendJson, sendText } from './http.js';
import type { KnobState } from './knobs.js';
import type { RequestLog } from './request-log.js';

/** What every route handler gets. */
export interface ApiContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Capture groups of the route's pattern, URI-decoded. */
  params: readonly string[];
  /** Set for routes with `auth: 'bearer'`. */
  principal: Principal | undefined;
  /** For routes that must do something before checking the bearer. */
  authenticate(): Promise<Principal | undefined>;
  sandbox: ApiSandbox;
}

/** The parts of the sandbox that the routes use. */
export interface ApiSandbox {
  issuer: string;
  clientId: string;
  scopes: string;
  provider: Provider;
  knobs: KnobState;
  log: RequestLog;
  revokeGrant(grantId: string): Promise<boolean>;
}

export interface ApiRoute {
  method: 'GET' | 'POST';
  pattern: RegExp;
  /** 'bearer': answered 401 unless a live access token or PAT is presented. */
  auth: 'none' | 'bearer';
  handle(ctx: ApiContext): Promise<void> | void;
}

function principalOf(ctx: ApiContext): Principal {
  if (!ctx.principal) throw new Error('route needs auth: bearer');
  return ctx.principal;
}

export function sendUnauthorized(res: ServerResponse): void {
  res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
  sendJson(res, 401, { error: 'unauthorized', message: 'The token is invalid or expired.' });
}

async function logout(ctx: ApiContext): Promise<void> {
  const { knobs, log, provider } = ctx.sandbox;
  log.countLogout();
  if (knobs.logoutStatus !== null) {
    sendJson(ctx.res, knobs.logoutStatus, { error: 'injected', message: 'Status set by the sandbox knob.' });
    return;
  }
  const principal = await ctx.authenticate();
  if (!principal) {
    sendUnauthorized(ctx.res);
    return;
  }
  if (principal.kind === 'pat') {
    sendJson(ctx.res, 400, { error: 'bad_request', message: 'Personal access tokens are not sessions.' });
    return;
  }
  const body = await readJsonObject(ctx.req);
  const refreshToken = body?.['refresh_token'];
  if (typeof refreshToken !== 'string' || refreshToken === '') {
    sendJson(ctx.res, 400, { error: 'bad_request', message: 'refresh_token is required.' });
    return;
  }
  const grantIds = new Set([principal.grantId]);
  const stored = await provider.RefreshToken.find(refreshToken, { ignoreExpiration: true });
  if (stored?.accountId === principal.account.userId && stored.grantId) grantIds.add(stored.grantId);
  let revoked = 0;
  for (const grantId of grantIds) if (await ctx.sandbox.revokeGrant(grantId)) revoked += 1;
  sendJson(ctx.res, 200, { revoked: revoked > 0 });
}

/**
 * The Pipecat Cloud API as far as the app and the CLI use it. To add an endpoint, add a row;
 * patterns match the path without its query string.
 */
export const API_ROUTES: readonly ApiRoute[] = [
  {
    method: 'GET',
    pattern: /^\/auth\/config$/,
    auth: 'none',
    handle: ({ res, sandbox }) => {
      const override = sandbox.knobs.authConfigOverride;
      if (override && typeof override.body === 'string') {
        sendText(res, override.status, override.body, 'text/html; charset=utf-8');
      } else if (override) {
        sendJson(res, override.status, override.body);
      } else {
        sendJson(res, 200, { issuer: sandbox.issuer, client_id: sandbox.clientId, scopes: sandbox.scopes });
      }
    },
  },
  { method: 'POST', pattern: /^\/auth\/logout$/, auth: 'none', handle: logout },
  {
    method: 'GET',
    pattern: /^\/v1\/users$/,
    auth: 'bearer',
    handle: (ctx) => {
      const { account } = principalOf(ctx);
      const emails = account.emails.map((emailAddress) => ({ emailAddress }));
      sendJson(ctx.res, 200, { user: { userId: account.userId, emails } });
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/organizations$/,
    auth: 'bearer',
    handle: (ctx) => {
      const organizations = visibleOrganizations(principalOf(ctx)).map(({ name, verboseName }) => ({
        name,
        verboseName,
      }));
      sendJson(ctx.res, 200, { organizations });
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/organizations\/([^/]+)\/daily$/,
    auth: 'bearer',
    handle: (ctx) => {
      const name = ctx.params[0] ?? '';
      const org = visibleOrganizations(principalOf(ctx)).find((candidate) => candidate.name === name);
      if (!org) {
        sendJson(ctx.res, 404, { error: 'not_found', message: `No organization ${name}.` });
        return;
      }
      sendJson(ctx.res, 200, { apiKey: org.dailyApiKey ?? `sandbox-daily-key-${org.name}` });
    },
  },
];
