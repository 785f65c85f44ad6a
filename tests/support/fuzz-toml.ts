/**
 * Shared by the credentials fuzz tests: random CLI-shaped credentials files (org tables, unknown
 * tables, optional per-host `environments` tables and top-level credentials), the two writes the
 * property makes (default host, then staging) and the view of a document without what the store
 * owns, so "everything else is preserved" is a plain deep equality.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { parse, stringify, type TomlTable, type TomlValue } from 'smol-toml';
import {
  CredentialsStore,
  DEFAULT_API_HOST,
  type StoredCredentials,
} from '../../main/core/credentials/index.js';
import { tryNormalizeApiHost } from '../../main/core/credentials/api-host.js';

export const STAGING = 'https://staging.qa.pipecat.cloud';
const CREDENTIAL_KEYS = ['token', 'refresh_token', 'token_expires_at', 'org'] as const;
/** Top-level names the store never treats as org tables (layout.ts NOT_ORG_NAMES). */
const RESERVED = new Set<string>([...CREDENTIAL_KEYS, 'environments']);

function table(entries: ReadonlyArray<readonly [string, TomlValue]>): TomlTable {
  const t = Object.create(null) as TomlTable;
  for (const [k, v] of entries) t[k] = v;
  return t;
}

const textArb = fc.oneof(
  fc.string({ maxLength: 16 }),
  fc.string({ maxLength: 12, unit: 'binary' }),
  fc.constantFrom('', '"', "'", '\\', '\n', '\t', '\r\n', '\u007f', '\u0000', '\u00e9', '\u{1F600}', '"""'),
);

const scalarArb: fc.Arbitrary<TomlValue> = fc.oneof(
  textArb,
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.integer().map(BigInt),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 0.5, 1796015765.3956273, 1e300, 5e-324),
  fc.boolean(),
);

const valueArb: fc.Arbitrary<TomlValue> = fc.oneof(
  { weight: 5, arbitrary: scalarArb },
  fc.array(scalarArb, { maxLength: 3 }),
);

const keyArb = fc.oneof(
  fc.constantFrom(
    'default_public_key',
    'default_public_key_name',
    'a.b',
    'with space',
    '"quoted"',
    '__proto__',
    'constructor',
    '',
    'token',
    'org',
  ),
  fc.string({ maxLength: 10, unit: 'binary' }),
);

const entriesArb = (max: number): fc.Arbitrary<Array<[string, TomlValue]>> =>
  fc.uniqueArray(fc.tuple(keyArb, valueArb), { maxLength: max, selector: ([k]) => k });

/** An org table or an unknown tool's table, sometimes with a nested sub-table. */
const userTableArb: fc.Arbitrary<TomlTable> = fc
  .tuple(entriesArb(5), fc.option(fc.tuple(keyArb, entriesArb(3)), { nil: undefined }))
  .map(([entries, nested]) => {
    const t = table(entries);
    if (nested && !Object.hasOwn(t, nested[0])) t[nested[0]] = table(nested[1]);
    return t;
  });

const topNameArb = fc
  .oneof(
    fc.constantFrom('acme', 'test-org', 'acme-staging', 'unknown-tool', '__proto__', 'a.b', 'my org', 'ü'),
    fc.string({ minLength: 1, maxLength: 12, unit: 'binary' }),
  )
  .filter((name) => !RESERVED.has(name));

const credentialsArb: fc.Arbitrary<Array<[string, TomlValue]>> = fc
  .record(
    {
      token: fc.oneof(
        fc.constant(''),
        textArb.map((t) => `old-${t}`),
      ),
      refresh_token: textArb,
      token_expires_at: fc.oneof(
        fc.constant<TomlValue>(0n),
        fc.double({ min: 0, max: 4e9, noNaN: true }).map((n): TomlValue => n),
      ),
      org: textArb,
    },
    { requiredKeys: ['token'] },
  )
  .map((r) => Object.entries(r) as Array<[string, TomlValue]>);

const hostArb = fc.oneof(
  fc.constantFrom(
    DEFAULT_API_HOST,
    STAGING,
    `${STAGING}/`,
    'HTTPS://Staging.QA.pipecat.cloud:443',
    `${DEFAULT_API_HOST}/`,
    'https://api.example.com',
    'not a url',
  ),
  fc.domain().map((d) => `https://${d}`),
);

const environmentsArb: fc.Arbitrary<TomlTable> = fc
  .uniqueArray(fc.tuple(hostArb, fc.option(credentialsArb, { nil: undefined }), entriesArb(3)), {
    maxLength: 4,
    selector: ([h]) => h,
  })
  .map((hosts) =>
    table(
      hosts.map(([host, creds, extra]): [string, TomlValue] => [
        host,
        table([...extra.filter(([k]) => !RESERVED.has(k)), ...(creds ?? [])]),
      ]),
    ),
  );

/** A parsed CLI-shaped document, as smol-toml (integers as bigint) reads it back. */
export const cliDocumentArb: fc.Arbitrary<TomlTable> = fc
  .record({
    top: fc.option(credentialsArb, { nil: undefined }),
    scalars: entriesArb(2),
    tables: fc.uniqueArray(fc.tuple(topNameArb, userTableArb), { maxLength: 5, selector: ([n]) => n }),
    environments: fc.option(environmentsArb, { nil: undefined }),
  })
  .map(({ top, scalars, tables, environments }) => {
    const doc = table([...scalars.filter(([k]) => !RESERVED.has(k)), ...(top ?? [])]);
    for (const [name, t] of tables) if (!Object.hasOwn(doc, name)) doc[name] = t;
    if (environments) doc['environments'] = environments;
    return doc;
  });

/** What the app writes for each host. */
export const writesArb = fc.record({
  def: fc.record({
    token: textArb.map((t) => `DEF-${t}`),
    refreshToken: textArb,
    tokenExpiresAt: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 4e9, noNaN: true })),
    org: fc.option(fc.oneof(topNameArb, fc.constantFrom('environments', 'token')), { nil: undefined }),
  }),
  stg: fc.record({
    token: textArb.map((t) => `STG-${t}`),
    refreshToken: textArb,
    tokenExpiresAt: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 4e9, noNaN: true })),
    org: fc.option(topNameArb, { nil: undefined }),
  }),
});

export type Writes = typeof writesArb extends fc.Arbitrary<infer T> ? T : never;

export function toStored(w: Writes['def']): StoredCredentials {
  return w.org === undefined
    ? { token: w.token, refreshToken: w.refreshToken, tokenExpiresAt: w.tokenExpiresAt }
    : { token: w.token, refreshToken: w.refreshToken, tokenExpiresAt: w.tokenExpiresAt, org: w.org };
}

export function parseDoc(text: string): TomlTable {
  return parse(text, { integersAsBigInt: true });
}

/** The file as the CLI could have left it (every JS number a float, every bigint an integer). */
export function serialize(doc: TomlTable): string {
  return stringify(doc, { numbersAsFloat: true });
}

function isTable(v: TomlValue | undefined): v is TomlTable {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** The `environments` key the store uses for `host` (layout.ts findEnvironment), if any. */
export function environmentKey(doc: TomlTable, host: string): string | undefined {
  const envs = doc['environments'];
  if (!isTable(envs)) return undefined;
  if (Object.hasOwn(envs, host)) return host;
  return Object.keys(envs).find((k) => tryNormalizeApiHost(k) === host);
}

function clone(doc: TomlTable): TomlTable {
  return parseDoc(serialize(doc));
}

/**
 * `doc` without what the two writes own: the top-level credential keys and `org`, the same keys
 * in the tables of the two hosts (`keys`, decided on the original file), those tables when that
 * leaves them empty, and `environments` when that leaves it empty.
 */
export function withoutOwned(doc: TomlTable, keys: readonly string[]): TomlTable {
  const out = clone(doc);
  for (const k of CREDENTIAL_KEYS) Reflect.deleteProperty(out, k);
  const envs = out['environments'];
  if (isTable(envs)) {
    for (const key of keys) {
      const t = envs[key];
      if (!isTable(t)) continue;
      for (const k of CREDENTIAL_KEYS) Reflect.deleteProperty(t, k);
      if (Object.keys(t).length === 0) Reflect.deleteProperty(envs, key);
    }
    if (Object.keys(envs).length === 0) Reflect.deleteProperty(out, 'environments');
  }
  return out;
}

export interface MergeCase {
  before: TomlTable;
  after: TomlTable;
  text: string;
  /** Org tables the writes had to add (absent before). */
  addedOrgs: string[];
  ownedKeys: string[];
  readDefault: StoredCredentials | undefined;
  readStaging: StoredCredentials | undefined;
}

/** Writes `original` to `file`, then the default host's and staging's credentials through the store. */
export async function runMerge(file: string, original: TomlTable, writes: Writes): Promise<MergeCase> {
  const text0 = serialize(original);
  await writeFile(file, text0, { mode: 0o600 });
  const before = parseDoc(text0);
  const ownedKeys = [
    environmentKey(before, DEFAULT_API_HOST),
    environmentKey(before, STAGING) ?? STAGING,
  ].filter((k): k is string => k !== undefined);
  const addedOrgs = [...new Set([writes.def.org, writes.stg.org])].filter(
    (o): o is string => o !== undefined && !RESERVED.has(o) && !Object.hasOwn(before, o),
  );
  const def = new CredentialsStore({ path: file, apiHost: DEFAULT_API_HOST });
  const stg = new CredentialsStore({ path: file, apiHost: STAGING });
  await def.write(toStored(writes.def));
  await stg.write(toStored(writes.stg));
  const text = await readFile(file, 'utf8');
  return {
    before,
    after: parseDoc(text),
    text,
    addedOrgs,
    ownedKeys,
    readDefault: await def.read(),
    readStaging: await stg.read(),
  };
}

export async function withTempDir<T>(task: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pcc-tray-fuzz-'));
  try {
    return await task(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
