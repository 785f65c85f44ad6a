import type { LoggedRequest, SandboxCounters } from './types.js';

interface Waiter {
  match: (request: LoggedRequest) => boolean;
  resolve: (request: LoggedRequest) => void;
}

/** What the sandbox saw, for assertions: no query strings, bodies or headers, so no secrets. */
export class RequestLog {
  readonly #secrets = new Set<string>();
  /** Requests per bearer token presented, for `timesPresented`; never logged or listed. */
  readonly #bearers = new Map<string, number>();
  readonly entries: LoggedRequest[] = [];
  readonly #waiters = new Set<Waiter>();
  readonly #counts = {
    tokenRequests: {} as Record<string, number>,
    injectedTokenFailures: 0,
    logoutRequests: 0,
    grantsRevoked: 0,
  };

  /** Live, read-only view of the counts. */
  get counters(): SandboxCounters {
    return this.#counts;
  }

  record(entry: LoggedRequest): void {
    this.entries.push(entry);
    for (const waiter of [...this.#waiters]) {
      if (waiter.match(entry)) {
        this.#waiters.delete(waiter);
        waiter.resolve(entry);
      }
    }
  }

  next(match: (request: LoggedRequest) => boolean, signal?: AbortSignal): Promise<LoggedRequest> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const waiter: Waiter = {
        match,
        resolve: (request) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(request);
        },
      };
      const onAbort = (): void => {
        this.#waiters.delete(waiter);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(waiter);
    });
  }

  /** Remembers secret values (strings only) so tests can look for them in output; never logged. */
  witnessSecrets(...values: readonly unknown[]): void {
    for (const value of values) if (typeof value === 'string' && value !== '') this.#secrets.add(value);
  }

  get secrets(): readonly string[] {
    return [...this.#secrets];
  }

  /** Counts one request that carried `token` as its bearer (known to the sandbox or not). */
  countBearer(token: string): void {
    this.#bearers.set(token, (this.#bearers.get(token) ?? 0) + 1);
  }

  /** How many requests carried `token` as their bearer: a number, so asserting on it shows no secret. */
  timesPresented(token: string): number {
    return this.#bearers.get(token) ?? 0;
  }

  countTokenRequest(grantType: string): void {
    const byType = this.#counts.tokenRequests;
    byType[grantType] = (byType[grantType] ?? 0) + 1;
  }

  countInjectedTokenFailure(): void {
    this.#counts.injectedTokenFailures += 1;
  }

  countLogout(): void {
    this.#counts.logoutRequests += 1;
  }

  countRevokedGrants(n: number): void {
    this.#counts.grantsRevoked += n;
  }
}
