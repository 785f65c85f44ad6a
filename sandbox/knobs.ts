import type { SandboxKnobs } from './types.js';

export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 86_400;
export const DEFAULT_DEVICE_CODE_TTL_SECONDS = 600;
/** RFC 8628's default when a provider advertises none. */
export const DEFAULT_DEVICE_INTERVAL_SECONDS = 5;

export interface InjectedFailure {
  status: number;
  error: string;
}

/** The knobs plus the one hook the token endpoint uses to consume an injected failure. */
export interface KnobState extends SandboxKnobs {
  takeTokenFailure(): InjectedFailure | undefined;
}

function defaultErrorFor(status: number): string {
  if (status === 400) return 'invalid_grant';
  if (status === 401) return 'invalid_client';
  if (status === 503) return 'temporarily_unavailable';
  return 'server_error';
}

function assertNonNegativeInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer`);
}

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer`);
}

export function createKnobs(accessTokenTtlSeconds = DEFAULT_ACCESS_TOKEN_TTL_SECONDS): KnobState {
  const failures: InjectedFailure[] = [];
  let ttl = DEFAULT_ACCESS_TOKEN_TTL_SECONDS;
  let latency = 0;
  let deviceCodeTtl = DEFAULT_DEVICE_CODE_TTL_SECONDS;
  let deviceInterval = DEFAULT_DEVICE_INTERVAL_SECONDS;
  const knobs: KnobState = {
    get accessTokenTtlSeconds() {
      return ttl;
    },
    set accessTokenTtlSeconds(value: number) {
      if (!Number.isInteger(value) || value <= 0) {
        throw new RangeError('accessTokenTtlSeconds must be a positive integer');
      }
      ttl = value;
    },
    get latencyMs() {
      return latency;
    },
    set latencyMs(value: number) {
      assertNonNegativeInteger('latencyMs', value);
      latency = value;
    },
    get deviceCodeTtlSeconds() {
      return deviceCodeTtl;
    },
    set deviceCodeTtlSeconds(value: number) {
      assertPositiveInteger('deviceCodeTtlSeconds', value);
      deviceCodeTtl = value;
    },
    get deviceIntervalSeconds() {
      return deviceInterval;
    },
    set deviceIntervalSeconds(value: number) {
      assertPositiveInteger('deviceIntervalSeconds', value);
      deviceInterval = value;
    },
    logoutStatus: null,
    unreachable: false,
    discoveryOverrides: null,
    authConfigOverride: null,
    autoConsent: false,
    blockLibraryUserAgents: false,
    failNextTokenRequests(n: number, status = 500, error = defaultErrorFor(status)) {
      assertNonNegativeInteger('n', n);
      failures.length = 0;
      for (let i = 0; i < n; i += 1) failures.push({ status, error });
    },
    get pendingTokenFailures() {
      return failures.length;
    },
    takeTokenFailure() {
      return failures.shift();
    },
  };
  knobs.accessTokenTtlSeconds = accessTokenTtlSeconds;
  return knobs;
}
