/** The public shapes of the sandbox identity server: what tests and the CLI see. */

export interface SandboxOrganization {
  name: string;
  verboseName: string;
  /** Returned by `GET /v1/organizations/{org}/daily`; a fixed fake key when absent. */
  dailyApiKey?: string;
}

export interface SandboxAccountSpec {
  userId: string;
  password: string;
  /** `/v1/users` lists these; empty tests the app's fall-back to the userId. */
  emails?: string[];
  organizations?: SandboxOrganization[];
}

/** A live account: change `organizations` or `emails` at run time and the API follows. */
export interface SandboxAccount {
  readonly userId: string;
  password: string;
  emails: string[];
  organizations: SandboxOrganization[];
}

export type DiscoveryOverrides =
  /** Patch the real document; a field set to `undefined` is removed. */
  | { fields: Readonly<Record<string, unknown>> }
  /** Answer with this status and raw body instead of the document (e.g. HTML, or a 500). */
  | { status: number; body: string; contentType?: string };

export interface AuthConfigOverride {
  status: number;
  /** A string is sent as-is (non-JSON faults); anything else is sent as JSON. */
  body: unknown;
}

/** Runtime knobs; every field may be changed while the sandbox runs. */
export interface SandboxKnobs {
  /** Lifetime of newly issued access tokens; `expires_in` follows it. */
  accessTokenTtlSeconds: number;
  /** The next `n` token endpoint requests answer `status` (`error` in the JSON body) without reaching the provider. */
  failNextTokenRequests(n: number, status?: number, error?: string): void;
  /** How many injected token failures are still pending. */
  readonly pendingTokenFailures: number;
  /** When set, `POST /auth/logout` answers this status and revokes nothing. */
  logoutStatus: number | null;
  /** Added before every request is handled. */
  latencyMs: number;
  /**
   * While set, every request is answered by destroying its connection (the client sees a network
   * error, as when the API cannot be reached); the request log records it with status 0.
   */
  unreachable: boolean;
  discoveryOverrides: DiscoveryOverrides | null;
  authConfigOverride: AuthConfigOverride | null;
  /** Approve the consent step without showing the page. */
  autoConsent: boolean;
  /**
   * The API always refuses a User-Agent not of the form `Name/version` (403). With this set it
   * also refuses HTTP libraries' defaults (`Python-urllib/…`, `python-requests/…`, aiohttp's).
   */
  blockLibraryUserAgents: boolean;
  /** Device flow (RFC 8628): how long a device code and its user code live (default 600 s). */
  deviceCodeTtlSeconds: number;
  /** Device flow: the polling `interval` the device authorization response advertises (default 5 s). */
  deviceIntervalSeconds: number;
}

/** One request as the sandbox saw it: never a query string, a body or a header. */
export interface LoggedRequest {
  method: string;
  /** The path without its query string. */
  path: string;
  /** 0 when the connection closed before a response was sent. */
  status: number;
  /** Epoch milliseconds when the request arrived. */
  time: number;
}

export interface SandboxCounters {
  /** Token endpoint requests by `grant_type`, injected failures included. */
  readonly tokenRequests: Readonly<Record<string, number>>;
  /** Token endpoint requests answered by an injected failure. */
  readonly injectedTokenFailures: number;
  readonly logoutRequests: number;
  /** Grants revoked for any reason: logout, refresh-token replay, `revokeGrantsFor`. */
  readonly grantsRevoked: number;
}

export interface MintPatOptions {
  /** Defaults to the default account. */
  userId?: string;
  /** Limit the organizations the PAT can see; defaults to all of the account's. */
  orgs?: string[];
}

export interface Sandbox {
  /** `https://127.0.0.1:PORT`: the value for `PIPECAT_API_HOST`. */
  readonly apiHost: string;
  readonly port: number;
  readonly issuer: string;
  readonly clientId: string;
  readonly scopes: string;
  readonly redirectUris: readonly string[];
  /** Path of the CA certificate (PEM) that signed the server certificate. */
  readonly caFile: string;
  readonly caPem: string;
  /** The default account's login. */
  readonly account: { readonly email: string; readonly userId: string; readonly password: string };
  readonly accounts: SandboxAccount[];
  readonly knobs: SandboxKnobs;
  readonly requestLog: readonly LoggedRequest[];
  readonly counters: SandboxCounters;
  /**
   * Every token, code and PKCE verifier the sandbox issued or received: kept in memory only, so a
   * test can prove that none of them was ever printed.
   */
  secretsSeen(): readonly string[];
  /**
   * How many requests (any path, answered or not) carried `token` as their `Authorization: Bearer`,
   * whether the sandbox knows the token or not. A count, so a test can prove a token was never
   * shown to this host without the sandbox keeping a log of secrets.
   */
  timesPresented(token: string): number;
  /** Resolves with the next logged request that matches (requests already logged do not count). */
  nextRequest(match: (request: LoggedRequest) => boolean, signal?: AbortSignal): Promise<LoggedRequest>;
  addAccount(spec: SandboxAccountSpec): SandboxAccount;
  mintPat(options?: MintPatOptions): string;
  revokePat(pat: string): boolean;
  /** Revokes every grant (refresh and access tokens) of the user; returns how many. */
  revokeGrantsFor(userId: string): Promise<number>;
  /** Makes every access token issued so far expired, without waiting; returns how many. */
  expireAccessTokens(): number;
  close(): Promise<void>;
}

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Where `ca.pem` is written; a fresh temp dir (removed on close) by default. */
  dir?: string;
  accessTokenTtlSeconds?: number;
  /** Replaces the default test account. The first is the default account. */
  accounts?: SandboxAccountSpec[];
  clientId?: string;
}
