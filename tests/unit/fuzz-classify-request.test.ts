/**
 * Fuzzing the pure callback classifier (issue 5, "Fuzzing"): whatever the method, target, query
 * and Host, it only says `code` for exactly GET /oauth_callback on the right Host with one
 * `state` equal to the expected one, one non-empty `code` and no `error`; and it never throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyCallbackRequest } from '../../main/core/loopback/classify-request.js';
import { CALLBACK_PATH, MAX_REQUEST_TARGET_LENGTH } from '../../main/core/loopback/constants.js';

const PORT = 8400;
const RIGHT_HOST = `127.0.0.1:${PORT}`;

const stateArb = fc.oneof(
  fc.constant('state-abc'),
  fc.base64String({ minLength: 4, maxLength: 44 }),
  fc.string({ minLength: 1, maxLength: 20, unit: 'binary' }),
);

const methodArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant<string | undefined>('GET') },
  fc.constantFrom<string | undefined>('POST', 'HEAD', 'PUT', 'get', 'GET ', 'OPTIONS', '', undefined),
  fc.string({ maxLength: 8 }),
);

const hostArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant<string | undefined>(RIGHT_HOST) },
  fc.constantFrom<string | undefined>(
    'localhost:8400',
    '127.0.0.1',
    '127.0.0.1:8401',
    '127.0.0.1:08400',
    '127.0.0.1:8400.',
    ' 127.0.0.1:8400',
    'evil.example:8400',
    '[::1]:8400',
    '',
    undefined,
  ),
  fc.string({ maxLength: 20 }),
);

const pathArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant(CALLBACK_PATH) },
  fc.constantFrom(
    '/oauth_callback/',
    '/oauth_callback/result',
    '/OAUTH_CALLBACK',
    '/oauth_callback/../oauth_callback',
    '/oauth_callback/./',
    '//oauth_callback',
    '/%6Fauth_callback',
    '/oauth%5Fcallback',
    '\\oauth_callback',
    'oauth_callback',
    'http://127.0.0.1:8400/oauth_callback',
    'http://evil.example/oauth_callback',
    '*',
    '',
    '/',
  ),
  fc.string({ maxLength: 30 }).map((s) => `/${s}`),
);

/** How a query component is spelled on the wire; all but the last decode to the same text. */
type Encoding = 'plain' | 'component' | 'all' | 'plus' | 'double';
const encodingArb = fc.constantFrom<Encoding>('plain', 'component', 'all', 'plus', 'double');

function encode(text: string, how: Encoding): string {
  switch (how) {
    case 'plain':
      return text;
    case 'component':
      return encodeURIComponent(text);
    case 'all':
      return [...new TextEncoder().encode(text)]
        .map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`)
        .join('');
    case 'plus':
      return encodeURIComponent(text).replace(/%20/g, '+');
    case 'double':
      return encodeURIComponent(encodeURIComponent(text));
  }
}

type ValueSpec = { kind: 'expected' | 'other'; text: string };

const valueArb: fc.Arbitrary<ValueSpec> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<ValueSpec>({ kind: 'expected', text: '' }) },
  fc.constantFrom<ValueSpec>(
    { kind: 'other', text: '' },
    { kind: 'other', text: 'c1' },
    { kind: 'other', text: 'access_denied' },
  ),
  fc.string({ maxLength: 24, unit: 'binary' }).map((text): ValueSpec => ({ kind: 'other', text })),
);

const keyArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('state', 'code', 'error', 'error_description') },
  fc.constantFrom('State', 'state ', 'st%61te', 'CODE', 'code[]', 'state;', ''),
  fc.string({ maxLength: 10, unit: 'binary' }),
);

const paramArb = fc.record({ key: keyArb, value: valueArb, keyEnc: encodingArb, valueEnc: encodingArb });

const requestArb = fc.record({
  expectedState: stateArb,
  method: methodArb,
  host: hostArb,
  path: pathArb,
  params: fc.array(paramArb, { maxLength: 6 }),
  /** Sometimes a correct-looking prefix, to make the good case frequent enough to matter. */
  seed: fc.boolean(),
  sep: fc.constantFrom('&', '&', '&', ';', '&&'),
  fragment: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
  padding: fc.oneof(
    { weight: 8, arbitrary: fc.constant(0) },
    fc.integer({ min: 1, max: MAX_REQUEST_TARGET_LENGTH + 200 }),
  ),
});

type Req = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;
type Param = Req['params'][number];

const SEED_PARAMS: Param[] = [
  { key: 'state', value: { kind: 'expected', text: '' }, keyEnc: 'plain', valueEnc: 'component' },
  { key: 'code', value: { kind: 'other', text: 'the-code' }, keyEnc: 'plain', valueEnc: 'plain' },
];

function buildTarget(r: Req): string {
  const params = r.seed ? [...SEED_PARAMS, ...r.params] : r.params;
  const parts = params.map((p) => {
    const value = p.value.kind === 'expected' ? r.expectedState : p.value.text;
    return `${encode(p.key, p.keyEnc)}=${encode(value, p.valueEnc)}`;
  });
  if (r.padding > 0) parts.push(`pad=${'x'.repeat(r.padding)}`);
  const query = parts.length > 0 ? `?${parts.join(r.sep)}` : '';
  return `${r.path}${query}${r.fragment === undefined ? '' : `#${r.fragment}`}`;
}

/** The oracle, spelled out independently of the classifier's control flow. */
function mayYieldCode(
  method: string | undefined,
  host: string | undefined,
  target: string,
  expectedState: string,
): { code: string } | undefined {
  if (method !== 'GET' || host !== RIGHT_HOST || target.length > MAX_REQUEST_TARGET_LENGTH) return undefined;
  let url: URL;
  try {
    url = new URL(target, `http://${RIGHT_HOST}`);
  } catch {
    return undefined;
  }
  if (url.pathname !== CALLBACK_PATH) return undefined;
  const states = url.searchParams.getAll('state');
  const codes = url.searchParams.getAll('code');
  if (states.length !== 1 || states[0] !== expectedState) return undefined;
  if (url.searchParams.get('error')) return undefined;
  if (codes.length !== 1 || codes[0] === '' || codes[0] === undefined) return undefined;
  return { code: codes[0] };
}

describe('fuzz: classifyCallbackRequest', () => {
  it('returns a code only for the one well-formed callback, and never throws', () => {
    const kinds = new Map<string, number>();
    fc.assert(
      fc.property(requestArb, (r) => {
        const target = buildTarget(r);
        const result = classifyCallbackRequest(
          { method: r.method, host: r.host, target },
          { port: PORT, state: r.expectedState },
        );
        kinds.set(result.kind, (kinds.get(result.kind) ?? 0) + 1);
        const allowed = mayYieldCode(r.method, r.host, target, r.expectedState);
        if (result.kind === 'code') {
          expect(allowed).toBeDefined();
          expect(result.code).toBe(allowed?.code);
        } else {
          // The converse: a well-formed callback is never refused.
          if (allowed) expect(result.kind).toBe('code');
        }
        if (result.kind === 'provider_error') {
          const url = new URL(target, `http://${RIGHT_HOST}`);
          expect(url.searchParams.getAll('state')).toEqual([r.expectedState]);
        }
      }),
      { seed: 42, numRuns: 3000 },
    );
    // Not vacuous: the generator reaches the accepting branch and every refusal.
    expect(kinds.get('code') ?? 0).toBeGreaterThan(100);
    for (const kind of ['not_found', 'method_not_allowed', 'too_long', 'state_mismatch', 'missing_code']) {
      expect(kinds.get(kind) ?? 0, kind).toBeGreaterThan(10);
    }
  });

  it('never throws on arbitrary strings in every field', () => {
    fc.assert(
      fc.property(
        fc.option(fc.string({ unit: 'binary' }), { nil: undefined }),
        fc.option(fc.string({ unit: 'binary', maxLength: 200 }), { nil: undefined }),
        fc.option(fc.string({ unit: 'binary' }), { nil: undefined }),
        fc.string({ unit: 'binary', maxLength: 40 }),
        (method, target, host, state) => {
          const result = classifyCallbackRequest({ method, target, host }, { port: PORT, state });
          expect(result.kind).not.toBe('code');
        },
      ),
      { seed: 42, numRuns: 1000 },
    );
  });
});
