/**
 * Figures 1 and 2: a warm runtime (signed in once, discovery already cached) refreshes N times
 * through the real refresher (lock, re-read, token request, compare-and-swap write) against the
 * sandbox; each refresh is timed and the sandbox's request log says what it cost on the wire.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LoggedRequest, Sandbox } from '../sandbox/index.js';
import { signInOverHttp } from '../e2e/support/daemon.js';
import { withUserAgent } from '../main/core/http/fetch.js';
import { createAccountRuntime, type AccountRuntime } from '../main/core/session/account-runtime.js';
import { fetchTrustingCa } from '../sandbox/trusting-fetch.js';
import { round, rounded, summarize } from './stats.js';
import { timedFetch, type TimedFetch } from './timed-fetch.js';
import type { BenchSection } from './types.js';

interface WireCost {
  total: number;
  token: number;
  discovery: number;
}

function isTokenRequest(request: LoggedRequest): boolean {
  return request.method === 'POST' && request.path.endsWith('/token');
}

function isDiscovery(request: LoggedRequest): boolean {
  return request.path === '/auth/config' || request.path.includes('/.well-known/');
}

/** Runs `refresh` and returns how long it took and which requests the sandbox logged meanwhile. */
async function measured(
  sandbox: Sandbox,
  runtime: AccountRuntime,
  wire: TimedFetch,
): Promise<{ ms: number; requestMs: number; cost: WireCost; refreshed: boolean }> {
  const before = sandbox.requestLog.length;
  const wireBefore = wire.totalMs;
  const start = performance.now();
  const outcome = await runtime.refresher.refreshNow();
  const ms = performance.now() - start;
  const requests = sandbox.requestLog.slice(before);
  return {
    ms,
    requestMs: wire.totalMs - wireBefore,
    refreshed: outcome.kind === 'refreshed',
    cost: {
      total: requests.length,
      token: requests.filter(isTokenRequest).length,
      discovery: requests.filter(isDiscovery).length,
    },
  };
}

export async function benchRefresh(sandbox: Sandbox, dir: string, refreshes: number): Promise<BenchSection> {
  const configPath = path.join(dir, 'refresh', 'pipecatcloud.toml');
  await signInOverHttp(sandbox, configPath);
  const wire = timedFetch(withUserAgent(fetchTrustingCa(sandbox.caPem)));
  const runtime = createAccountRuntime({ apiHost: sandbox.apiHost, configPath, fetch: wire.fetch });

  // The first refresh of a fresh runtime discovers the provider; every later one must not.
  const warmUp = await measured(sandbox, runtime, wire);
  const latencies: number[] = [];
  const requestTimes: number[] = [];
  const perRefresh: number[] = [];
  let tokenRequests = 0;
  let discoveryRequests = 0;
  let notRefreshed = warmUp.refreshed ? 0 : 1;
  for (let i = 0; i < refreshes; i += 1) {
    const run = await measured(sandbox, runtime, wire);
    latencies.push(run.ms);
    requestTimes.push(run.requestMs);
    perRefresh.push(run.cost.total);
    tokenRequests += run.cost.token;
    discoveryRequests += run.cost.discovery;
    if (!run.refreshed) notRefreshed += 1;
  }
  if (notRefreshed > 0) throw new Error(`${notRefreshed} refreshes did not end in "refreshed"`);

  const requests = summarize(perRefresh);
  const latency = summarize(latencies);
  const requestTime = summarize(requestTimes);
  const totalRequests = perRefresh.reduce((sum, n) => sum + n, 0);
  return {
    figures: [
      {
        id: 'refresh.requests_per_refresh',
        label: 'Requests per steady-state refresh',
        value: round(totalRequests / refreshes, 3),
        unit: 'requests',
        note: `target 1; max ${requests.max}, token ${tokenRequests}, discovery ${discoveryRequests} over ${refreshes}`,
      },
      {
        id: 'refresh.latency_p50',
        label: 'Refresh latency p50',
        value: round(latency.p50),
        unit: 'ms',
        note: `${refreshes} refreshes; of which the token request p50 ${round(requestTime.p50)} ms`,
      },
      {
        id: 'refresh.latency_p99',
        label: 'Refresh latency p99',
        value: round(latency.p99),
        unit: 'ms',
        note: `max ${round(latency.max)} ms; sandbox shares the bench process`,
      },
    ],
    details: {
      refreshes,
      warmUpRequests: warmUp.cost,
      warmUpMs: round(warmUp.ms),
      totalRequests,
      tokenRequests,
      discoveryRequests,
      latencyMs: rounded(latency),
      tokenRequestMs: rounded(requestTime),
    },
  };
}
