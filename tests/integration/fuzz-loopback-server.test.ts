/**
 * Fuzzing the real loopback server (issue 5, "Fuzzing"): a few hundred random raw HTTP requests
 * over plain sockets (random request lines, headers, Host values, bodies and sizes, garbage and
 * truncated requests, each built with at least one flaw that makes it not a good callback) never
 * end the wait, and the server stays up: a correct callback afterwards completes the sign-in.
 */
import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { LoopbackServer } from '../../main/core/loopback/loopback-server.js';

const STATE = 'fuzz-state_AbC-123~xyz';

/** An ephemeral port the OS just handed out (never the registered 8400-8404). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Why the request is not a good callback; every generated request has at least one. */
type Flaw =
  | 'wrong-state'
  | 'duplicate-state'
  | 'no-state'
  | 'bad-code'
  | 'wrong-host'
  | 'wrong-method'
  | 'wrong-path'
  | 'too-long'
  | 'garbage';

const flawArb = fc.constantFrom<Flaw>(
  'wrong-state',
  'duplicate-state',
  'no-state',
  'bad-code',
  'wrong-host',
  'wrong-method',
  'wrong-path',
  'too-long',
  'garbage',
);

const wrongStateArb = fc.oneof(
  fc.constantFrom(
    `${STATE}x`,
    STATE.slice(1),
    STATE.toUpperCase(),
    `${STATE} `,
    '',
    encodeURIComponent(`${STATE}%`),
  ),
  fc.string({ maxLength: 30 }).filter((s) => s !== STATE),
);

const tokenChars = fc.string({ maxLength: 12 }).map((s) => s.replace(/[^\w.~-]/g, ''));
const headerNameArb = fc.oneof(
  fc.constantFrom('x-fuzz', 'cookie', 'referer', 'origin', 'content-type', 'accept', 'transfer-encoding'),
  tokenChars.filter((s) => s.length > 0),
);
const headerValueArb = fc.oneof(
  { weight: 8, arbitrary: fc.string({ maxLength: 40 }) },
  fc.string({ maxLength: 20, unit: 'binary' }),
  fc.nat({ max: 20_000 }).map((n) => 'v'.repeat(n)),
);

/** Mostly well-formed HTTP, so most requests get past the parser to the handler; some not. */
const usually = <T>(common: T, rare: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ weight: 6, arbitrary: fc.constant(common) }, rare);

const rawRequestArb = fc.record({
  flaw: flawArb,
  method: fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'get', 'BREW', 'CONNECT'),
  path: fc.constantFrom(
    '/oauth_callback',
    '/oauth_callback/',
    '/',
    '/favicon.ico',
    '/OAUTH_CALLBACK',
    '/oauth_callback/result',
    '*',
  ),
  wrongState: wrongStateArb,
  code: fc.oneof(fc.constant('abc'), fc.string({ maxLength: 20 }).map(encodeURIComponent)),
  badCode: fc.constantFrom('', '&code=', 'code=a&code=b', 'code=&code=', 'x=1'),
  error: fc.boolean(),
  extraQuery: fc.array(fc.tuple(tokenChars, fc.string({ maxLength: 16 }).map(encodeURIComponent)), {
    maxLength: 4,
  }),
  host: fc.constantFrom('HOST', 'localhost:PORT', '127.0.0.1', 'evil.example:PORT', '', '127.0.0.1:1'),
  hostMode: usually('one', fc.constantFrom('none', 'twice')),
  headers: fc.array(fc.tuple(headerNameArb, headerValueArb), { maxLength: 4 }),
  version: usually('HTTP/1.1', fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/9', 'http/1.1', '')),
  body: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
  contentLength: usually('exact', fc.constantFrom('short', 'long', 'bogus', 'none')),
  garbage: fc.uint8Array({ maxLength: 300 }),
  truncate: usually<number | undefined>(undefined, fc.nat({ max: 400 })),
  lineEnd: usually('\r\n', fc.constant('\n')),
});

type RawRequest = typeof rawRequestArb extends fc.Arbitrary<infer T> ? T : never;

function buildRequest(r: RawRequest, port: number): Buffer {
  if (r.flaw === 'garbage') return Buffer.from(r.garbage);
  const method = r.flaw === 'wrong-method' ? (r.method === 'GET' ? 'POST' : r.method) : 'GET';
  const path =
    r.flaw === 'wrong-path'
      ? r.path === '/oauth_callback'
        ? '/oauth_callback/'
        : r.path
      : '/oauth_callback';
  const state =
    r.flaw === 'wrong-state'
      ? `state=${encodeURIComponent(r.wrongState)}`
      : r.flaw === 'duplicate-state'
        ? `state=${STATE}&state=${STATE}`
        : r.flaw === 'no-state'
          ? ''
          : `state=${STATE}`;
  // With the right state, `error` would end the wait with the provider's refusal: only flawed ones carry it.
  const outcome = r.flaw === 'bad-code' ? r.badCode : r.error ? 'error=access_denied' : `code=${r.code}`;
  const extra = r.extraQuery
    .filter(([k]) => !['state', 'code', 'error'].includes(k))
    .map(([k, v]) => `${k}=${v}`);
  const pad = r.flaw === 'too-long' ? [`pad=${'x'.repeat(8300)}`] : [];
  const target = `${path}?${[state, outcome, ...extra, ...pad].filter((p) => p !== '').join('&')}`;
  const right = `127.0.0.1:${port}`;
  const hostValue =
    r.flaw === 'wrong-host'
      ? r.host === 'HOST'
        ? `localhost:${port}`
        : r.host.replace('PORT', String(port))
      : right;
  const eol = r.lineEnd;
  const lines = [`${method} ${target}${r.version === '' ? '' : ` ${r.version}`}`];
  if (r.hostMode !== 'none' || r.flaw !== 'wrong-host') lines.push(`Host: ${hostValue}`);
  if (r.hostMode === 'twice') lines.push(`Host: ${hostValue}`);
  for (const [name, value] of r.headers) {
    if (name.toLowerCase() === 'host') continue;
    lines.push(`${name}: ${value}`);
  }
  const body = Buffer.from(r.body ?? '');
  if (r.body !== undefined && r.contentLength !== 'none') {
    const length =
      r.contentLength === 'exact'
        ? String(body.length)
        : r.contentLength === 'short'
          ? String(Math.max(0, body.length - 1))
          : r.contentLength === 'long'
            ? String(body.length + 10)
            : 'abc';
    lines.push(`Content-Length: ${length}`);
  }
  const head = Buffer.from(`${lines.join(eol)}${eol}${eol}`, 'utf8');
  const whole = Buffer.concat([head, body]);
  return r.truncate === undefined ? whole : whole.subarray(0, r.truncate);
}

/** Writes `bytes`, half-closes, and waits for the server to close (or 3 s, then gives up). */
function sendRaw(port: number, bytes: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), 3000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    socket.on('connect', () => socket.end(bytes));
  });
}

function httpGet(port: number, target: string): Promise<{ status: number; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
    });
    req.on('error', reject);
    req.end();
  });
}

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('fuzz: the loopback server under random raw requests', () => {
  it('never ends the wait and still takes the real callback afterwards', async () => {
    const port = await freePort();
    const loopback = await LoopbackServer.start({ state: STATE, ports: [port], resultGraceMs: 100 });
    server = loopback;
    expect(loopback.port).toBe(port);

    const abort = new AbortController();
    let settled: string | undefined;
    const wait = loopback.waitForCallback(abort.signal).then(
      (outcome) => {
        settled = `resolved ${JSON.stringify(outcome)}`;
        return outcome;
      },
      (error: unknown) => {
        settled = `rejected ${String(error)}`;
        throw error;
      },
    );

    let sent = 0;
    const statuses = new Map<string, number>();
    let handled = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(rawRequestArb, { minLength: 1, maxLength: 4 }), async (batch) => {
        // A few at once, as a browser or a probing page would.
        const replies = await Promise.all(batch.map((r) => sendRaw(port, buildRequest(r, port))));
        sent += batch.length;
        for (const reply of replies) {
          const status = /^HTTP\/1\.[01] (\d{3})/.exec(reply)?.[1] ?? 'none';
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          // The handler's replies carry a content type; the HTTP parser's bare 400/431 do not.
          if (/\r\ncontent-type:/i.test(reply)) handled++;
          expect(status).not.toBe('302');
        }
        expect(settled).toBeUndefined();
      }),
      { seed: 42, numRuns: 120 },
    );
    expect(sent).toBeGreaterThanOrEqual(200);
    expect(handled).toBeGreaterThan(sent / 3);
    // Not vacuous: the parser's refusals and the handler's refusals were both reached.
    for (const status of ['400', '404', '405', '414'])
      expect(statuses.get(status) ?? 0, status).toBeGreaterThan(0);

    const good = await httpGet(port, `/oauth_callback?code=the-code&state=${STATE}`);
    expect(good).toEqual({ status: 302, location: '/oauth_callback/result' });
    const outcome = await wait;
    expect(outcome).toMatchObject({ kind: 'code', code: 'the-code' });
    expect(settled).toMatch(/^resolved/);
    await loopback.finish('<p>done</p>');
  });
});
