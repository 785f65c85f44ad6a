/**
 * A stand-in for the `pipecat cloud` CLI (pipecatcloud 1.4.0) that a test can run hundreds of times a
 * second, doing what the real one does to the credentials file (docs/cli-wire-behaviour.md,
 * "Token refresh"; docs/cli-credentials-behaviour.md, "Writing"):
 *
 * - reads the file once at start-up (the top-level keys only) and never again before acting;
 * - if the OAuth token has fewer than `windowSeconds` left, refreshes with the refresh token it
 *   read: discovery (`/auth/config`, then the issuer's discovery document), then a form POST
 *   `grant_type=refresh_token` to the token endpoint, with no lock of any kind;
 * - after a refresh, re-reads the file, sets the top-level `token`, `refresh_token` and
 *   `token_expires_at` (a float) and replaces the file atomically (temp file, fsync, rename);
 * - then runs its "command": `GET /v1/users` with the token it has.
 *
 * It never prints or returns a token: results carry statuses and error codes only.
 */
import { readFile } from 'node:fs/promises';
import { parse, stringify, type TomlTable } from 'smol-toml';
import { Agent, fetch, type Response } from 'undici';
import { writeLikeTheCli } from './cli-write.js';

export interface CliRacerOptions {
  apiHost: string;
  configPath: string;
  /** The sandbox CA (PEM text). */
  caPem: string;
  /** Refresh when fewer than this many seconds are left (the real CLI: 60). */
  windowSeconds: number;
  /** Must look like `Name/version` for the sandbox API. */
  userAgent?: string;
}

/** The top-level credentials as the CLI reads them at start-up. */
export interface FileSnapshot {
  token: string | undefined;
  refreshToken: string | undefined;
  tokenExpiresAt: number | undefined;
  /** Epoch ms of the read. */
  readAtMs: number;
}

export interface RacerRefresh {
  /** The token endpoint's status (0 when discovery failed first). */
  status: number;
  /** The OAuth `error` of a refused refresh, e.g. `invalid_grant`. */
  error?: string;
}

export interface RacerCommand {
  read: FileSnapshot;
  /** Seconds the token read had left when the command started (Infinity without an expiry). */
  secondsLeft: number;
  /** Present when the command refreshed. */
  refresh?: RacerRefresh;
  /** `GET /v1/users` with the token the command used. */
  usersStatus: number;
}

interface TokenResponse {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  error?: unknown;
}

/** Parses the credentials file like the CLI's reader must: throws on anything that is not TOML. */
export function parseCredentialsText(text: string): TomlTable {
  return parse(text, { integersAsBigInt: true });
}

/** The top-level credentials of a parsed file. */
export function topLevelOf(doc: TomlTable, readAtMs: number): FileSnapshot {
  const token = doc['token'];
  const refreshToken = doc['refresh_token'];
  const expiry = doc['token_expires_at'];
  return {
    token: typeof token === 'string' ? token : undefined,
    refreshToken: typeof refreshToken === 'string' ? refreshToken : undefined,
    tokenExpiresAt:
      typeof expiry === 'number' ? expiry : typeof expiry === 'bigint' ? Number(expiry) : undefined,
    readAtMs,
  };
}

export class CliRacer {
  private readonly agent: Agent;
  private readonly userAgent: string;
  /** Commands run, refreshes done, and refreshes the token endpoint refused. */
  readonly counts = { commands: 0, refreshes: 0, refusedRefreshes: 0 };

  constructor(private readonly options: CliRacerOptions) {
    this.agent = new Agent({ connect: { ca: options.caPem } });
    this.userAgent = options.userAgent ?? 'CliRacer/1.0';
  }

  /** The CLI's start-up read: the file parsed, the top-level keys taken. */
  async readFile(): Promise<FileSnapshot> {
    const text = await readFile(this.options.configPath, 'utf8');
    return topLevelOf(parseCredentialsText(text), Date.now());
  }

  /**
   * One CLI invocation. With `startUpRead`, the command acts on what it read earlier (a CLI that
   * started before someone else rotated the token); otherwise it reads the file now.
   */
  async run(startUpRead?: FileSnapshot): Promise<RacerCommand> {
    const read = startUpRead ?? (await this.readFile());
    this.counts.commands += 1;
    const secondsLeft =
      read.tokenExpiresAt === undefined || read.tokenExpiresAt === 0
        ? Infinity
        : read.tokenExpiresAt - Date.now() / 1000;
    let token = read.token ?? '';
    let refresh: RacerRefresh | undefined;
    const oauth = !token.startsWith('pcc_pat_') && (read.refreshToken ?? '') !== '';
    if (oauth && secondsLeft < this.options.windowSeconds) {
      const outcome = await this.refresh(read.refreshToken ?? '');
      refresh = outcome.refresh;
      if (outcome.accessToken) token = outcome.accessToken;
    }
    const usersStatus = await this.usersStatus(token);
    return refresh ? { read, secondsLeft, refresh, usersStatus } : { read, secondsLeft, usersStatus };
  }

  /** `GET /v1/users` with `token`: what every CLI command does first. */
  async usersStatus(token: string): Promise<number> {
    const response = await this.get(`${this.options.apiHost}/v1/users`, token);
    await response.body?.cancel();
    return response.status;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private async refresh(refreshToken: string): Promise<{ refresh: RacerRefresh; accessToken?: string }> {
    this.counts.refreshes += 1;
    const tokenEndpoint = await this.discoverTokenEndpoint();
    if (!tokenEndpoint) return { refresh: { status: 0, error: 'discovery_failed' } };
    const { clientId, url } = tokenEndpoint;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'user-agent': this.userAgent, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: clientId,
      }),
      dispatcher: this.agent,
    });
    const body = (await response.json().catch(() => ({}))) as TokenResponse;
    if (response.status !== 200 || typeof body.access_token !== 'string') {
      this.counts.refusedRefreshes += 1;
      return {
        refresh: {
          status: response.status,
          error: typeof body.error === 'string' ? body.error : 'no_access_token',
        },
      };
    }
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 86_400;
    await this.writeLikeTheCli({
      token: body.access_token,
      // The CLI keeps the old refresh token when none comes back.
      refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : refreshToken,
      tokenExpiresAt: Date.now() / 1000 + expiresIn,
    });
    return { refresh: { status: 200 }, accessToken: body.access_token };
  }

  private async discoverTokenEndpoint(): Promise<{ url: string; clientId: string } | undefined> {
    const config = await this.getJson(`${this.options.apiHost}/auth/config`);
    const issuer = config?.['issuer'];
    const clientId = config?.['client_id'];
    if (typeof issuer !== 'string' || typeof clientId !== 'string') return undefined;
    const metadata = await this.getJson(`${issuer}/.well-known/openid-configuration`);
    const url = metadata?.['token_endpoint'];
    if (metadata?.['issuer'] !== issuer || typeof url !== 'string' || !url.startsWith('https://'))
      return undefined;
    return { url, clientId };
  }

  /** `update_user_config`: re-read, set the three top-level keys, replace the file atomically. */
  private async writeLikeTheCli(credentials: {
    token: string;
    refreshToken: string;
    tokenExpiresAt: number;
  }) {
    const file = this.options.configPath;
    const doc = parseCredentialsText(await readFile(file, 'utf8'));
    doc['token'] = credentials.token;
    doc['refresh_token'] = credentials.refreshToken;
    doc['token_expires_at'] = credentials.tokenExpiresAt;
    await writeLikeTheCli(file, stringify(doc, { numbersAsFloat: true }));
  }

  private async getJson(url: string): Promise<Record<string, unknown> | undefined> {
    const response = await this.get(url);
    if (response.status !== 200) {
      await response.body?.cancel();
      return undefined;
    }
    return (await response.json()) as Record<string, unknown>;
  }

  private get(url: string, bearer?: string): Promise<Response> {
    const headers: Record<string, string> = { 'user-agent': this.userAgent };
    if (bearer) headers['authorization'] = `Bearer ${bearer}`;
    return fetch(url, { headers, dispatcher: this.agent });
  }
}
