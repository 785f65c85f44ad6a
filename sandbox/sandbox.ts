import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type Provider from 'oidc-provider';

import { AccountDirectory, DEFAULT_ACCOUNT } from './accounts.js';
import { Api } from './api.js';
import { makeCertificates } from './certificates.js';
import { DEFAULT_CLIENT_ID, ISSUER_PATH, REDIRECT_URIS, SCOPES } from './client.js';
import { revokeGrant } from './grants.js';
import { bearerOf, pathOf, sendJson } from './http.js';
import { Interactions } from './interactions.js';
import { createKnobs } from './knobs.js';
import { PatStore } from './pats.js';
import { createProvider, makeSigningKey } from './provider.js';
import { installProviderHooks } from './provider-hooks.js';
import { RequestLog } from './request-log.js';
import { logWhenAnswered } from './request-logging.js';
import { SandboxStore } from './store.js';
import type { MintPatOptions, Sandbox, SandboxOptions } from './types.js';

async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}

function isBelow(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** Hands a request to oidc-provider mounted at ISSUER_PATH, the way Express's `app.use(path, ...)` does. */
function forwardTo(provider: Provider): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const callback = provider.callback();
  return async (req, res) => {
    const rest = (req.url ?? '').slice(ISSUER_PATH.length);
    req.url = rest.startsWith('/') ? rest : `/${rest}`;
    // oidc-provider builds its URLs from `baseUrl` when no `originalUrl` is set; unlike
    // `originalUrl` it stays right when a hook rewrites the query.
    Object.assign(req, { baseUrl: ISSUER_PATH });
    await callback(req, res);
  };
}

/** Starts a local stand-in for Pipecat Cloud: its identity provider and its API on one HTTPS origin. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'pipecat-tray-sandbox-')));
  await mkdir(dir, { recursive: true });
  const [certificates, signingKey] = await Promise.all([makeCertificates(), makeSigningKey()]);
  const caFile = join(dir, 'ca.pem');
  await writeFile(caFile, certificates.caPem);

  const server = createServer({ cert: certificates.certPem, key: certificates.keyPem });
  const port = await listen(server, options.port ?? 0).catch(async (error: unknown) => {
    if (ownsDir) await rm(dir, { recursive: true, force: true });
    throw error;
  });
  // From here to attaching the request handler nothing awaits, so no request can come in unanswered.
  const apiHost = `https://127.0.0.1:${port}`;
  const issuer = `${apiHost}${ISSUER_PATH}`;
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;

  const knobs = createKnobs(options.accessTokenTtlSeconds);
  const log = new RequestLog();
  const store = new SandboxStore();
  const pats = new PatStore();
  const accounts = new AccountDirectory(options.accounts ?? [DEFAULT_ACCOUNT]);
  const provider = createProvider({ issuer, signingKey, clientId, accounts, knobs, store });
  installProviderHooks(provider, knobs, log);

  const revoke = async (grantId: string): Promise<boolean> => {
    const revoked = await revokeGrant(provider, grantId);
    if (revoked) log.countRevokedGrants(1);
    return revoked;
  };
  const toProvider = forwardTo(provider);
  const interactions = new Interactions({ provider, accounts, knobs });
  const api = new Api(
    { issuer, clientId, scopes: SCOPES, provider, knobs, log, revokeGrant: revoke },
    { provider, accounts, pats },
  );
  const closing = new AbortController();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = pathOf(req);
    logWhenAnswered(req, res, path, log);
    const bearer = bearerOf(req);
    if (bearer !== undefined) log.countBearer(bearer);
    if (knobs.unreachable) {
      req.socket.destroy();
      return;
    }
    const handle = async (): Promise<void> => {
      if (knobs.latencyMs > 0) await delay(knobs.latencyMs, undefined, { signal: closing.signal });
      if (isBelow(path, ISSUER_PATH)) await toProvider(req, res);
      else if (interactions.matches(path)) await interactions.handle(req, res, path);
      else await api.handle(req, res, path);
    };
    handle().catch((error: unknown) => {
      if (closing.signal.aborted || res.headersSent) {
        res.destroy();
        return;
      }
      console.error(`sandbox: ${req.method ?? 'GET'} ${path} failed: ${(error as Error).message}`);
      sendJson(res, 500, { error: 'internal', message: 'The sandbox failed; see its output.' });
    });
  });

  const account = accounts.primary;
  return {
    apiHost,
    port,
    issuer,
    clientId,
    scopes: SCOPES,
    redirectUris: REDIRECT_URIS,
    caFile,
    caPem: certificates.caPem,
    account: {
      email: account.emails[0] ?? account.userId,
      userId: account.userId,
      password: account.password,
    },
    accounts: accounts.all,
    knobs,
    requestLog: log.entries,
    counters: log.counters,
    secretsSeen: () => log.secrets,
    timesPresented: (token) => log.timesPresented(token),
    nextRequest: (match, signal) => log.next(match, signal),
    addAccount: (spec) => accounts.add(spec),
    mintPat: ({ userId = account.userId, orgs }: MintPatOptions = {}) => {
      if (!accounts.byId(userId)) throw new Error(`no account ${userId}`);
      const pat = pats.mint(userId, orgs);
      log.witnessSecrets(pat);
      return pat;
    },
    revokePat: (pat) => pats.revoke(pat),
    revokeGrantsFor: async (userId) => {
      const results = await Promise.all(store.grantIdsOf(userId).map(revoke));
      return results.filter(Boolean).length;
    },
    expireAccessTokens: () => store.expireAll('AccessToken'),
    close: async () => {
      if (closing.signal.aborted) return;
      closing.abort();
      await closeServer(server);
      store.clear();
      pats.clear();
      if (ownsDir) await rm(dir, { recursive: true, force: true });
    },
  };
}
