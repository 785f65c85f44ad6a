import { discoverProvider } from '../discovery/discover.js';
import { apiUrl } from '../http/api-url.js';
import { displayText } from '../../shared/display-text.js';
import type { Fetch } from '../http/fetch.js';
import { proxyHint } from './proxy-hint.js';
import type { CheckResult } from './types.js';

/** The CLI refreshes within 60 s of expiry: a clock further off than that refreshes too late or too often. */
const MAX_CLOCK_SKEW_MS = 60_000;

export interface NetworkCheckInput {
  apiHost: string;
  fetch: Fetch;
  env: NodeJS.ProcessEnv;
  allowInsecureLoopback: boolean;
  /** Epoch milliseconds now. */
  now: () => number;
  timeoutMs?: number;
}

interface ApiProbe {
  result: CheckResult;
  /** Whether the API answered at all (any status). */
  reached: boolean;
  /** The server's clock minus ours, when the API answered with a Date header. */
  skewMs?: number;
}

/** The API, the issuer it names, and the clock compared with the API's `Date` header. */
export async function checkNetwork(input: NetworkCheckInput): Promise<CheckResult[]> {
  const probe = await probeApi(input);
  const issuer = probe.result.verdict === 'ok' ? await checkIssuer(input) : issuerNotChecked();
  return [probe.result, issuer, clockResult(probe.skewMs, !probe.reached)];
}

async function probeApi(input: NetworkCheckInput): Promise<ApiProbe> {
  const base = { id: 'api', title: 'Pipecat Cloud API' };
  const url = apiUrl(input.apiHost, '/auth/config');
  const sentAt = input.now();
  let response: Response;
  try {
    response = await input.fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(input.timeoutMs ?? 10_000),
    });
  } catch {
    return {
      result: {
        ...base,
        verdict: 'fail',
        detail: `${url.href} cannot be reached.`,
        fix: proxyHint(input.env),
      },
      reached: false,
    };
  }
  const receivedAt = input.now();
  await response.body?.cancel().catch(() => undefined);
  const skewMs = skewFrom(response.headers.get('date'), (sentAt + receivedAt) / 2);
  const result: CheckResult =
    response.status === 200
      ? { ...base, verdict: 'ok', detail: `${url.href} answers.` }
      : {
          ...base,
          verdict: 'fail',
          detail: `${url.href} answered HTTP ${response.status}.`,
          fix: 'Check the API address (--api-host or PIPECAT_API_HOST); if it is right, the service may be down, try again later.',
        };
  return { result, reached: true, ...(skewMs === undefined ? {} : { skewMs }) };
}

function skewFrom(date: string | null, localMs: number): number | undefined {
  if (!date) return undefined;
  const serverMs = Date.parse(date);
  // The header has a resolution of one second: half of it is no skew.
  return Number.isNaN(serverMs) ? undefined : serverMs + 500 - localMs;
}

async function checkIssuer(input: NetworkCheckInput): Promise<CheckResult> {
  const base = { id: 'issuer', title: 'Identity provider' };
  try {
    const provider = await discoverProvider({
      apiHost: input.apiHost,
      fetch: input.fetch,
      allowInsecureLoopback: input.allowInsecureLoopback,
      timeoutMs: input.timeoutMs ?? 10_000,
    });
    const issuer = displayText(provider.authConfig.issuer);
    return { ...base, verdict: 'ok', detail: `${issuer} is fit for sign-in.` };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const unreachable = /could not be fetched|is the API reachable/.test(detail);
    return {
      ...base,
      verdict: 'fail',
      detail,
      fix: unreachable
        ? proxyHint(input.env)
        : 'Tell the Pipecat Cloud team: its sign-in settings are wrong.',
    };
  }
}

function issuerNotChecked(): CheckResult {
  return {
    id: 'issuer',
    title: 'Identity provider',
    verdict: 'warn',
    detail: 'Not checked: the API did not name it.',
    fix: 'Fix the API check above first.',
  };
}

function clockResult(skewMs: number | undefined, unreachable: boolean): CheckResult {
  const base = { id: 'clock', title: 'Clock' };
  if (skewMs === undefined) {
    return {
      ...base,
      verdict: 'warn',
      detail: unreachable
        ? 'Unknown: the API did not answer, so there is no clock to compare with.'
        : 'Unknown: the API sent no Date header to compare with.',
      fix: 'Make sure the clock is set automatically (NTP).',
    };
  }
  const seconds = Math.round(Math.abs(skewMs) / 1000);
  const direction = skewMs > 0 ? 'behind' : 'ahead of';
  if (Math.abs(skewMs) <= MAX_CLOCK_SKEW_MS) {
    return { ...base, verdict: 'ok', detail: `Within ${Math.max(seconds, 1)} s of the API's clock.` };
  }
  return {
    ...base,
    verdict: 'fail',
    detail: `${seconds} s ${direction} the API's clock: tokens look expired or fresh at the wrong time (the CLI refreshes within 60 s of expiry).`,
    fix: 'Turn on automatic time setting (NTP), e.g. "timedatectl set-ntp true" on Linux.',
  };
}
