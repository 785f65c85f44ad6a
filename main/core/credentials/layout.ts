/**
 * Where one API host's credentials live inside the parsed file, and the only edits the app makes
 * to it. Pure functions on a document from parseToml; see docs/cli-credentials-behaviour.md.
 *
 * - The host's table, `[environments."<key>"]`, is found under its own key (HostEntry.tableKey),
 *   else under the normalised host (what the app wrote before), else under any other spelling of
 *   the same host. A write moves a table found under another spelling to the CLI's own key, when
 *   that is known, so the app and a CLI with the multi-environment layout share one table.
 * - Default host: the top-level keys (all the CLI reads). An existing table for it is kept in
 *   step but never created or read.
 * - Any other host: its table is read and written. The CLI (1.4.0) reads only the top level
 *   whatever its API host, so the top level also gets a copy, but only while it is free (no token,
 *   or an empty one) or already holds this host's copy (its token equals the table's): a sign-in
 *   to another host never replaces the credentials someone else keeps there, production above all.
 * - The same CLI also writes the top level for whatever host it is pointed at (its login, use-pat
 *   and refresh). Given an `ownsTopLevel` verdict (the host accepted that token), top-level
 *   credentials that are not the table's copy are this host's: they are read instead of the table
 *   (the CLI may have rotated the table's refresh token), and written and cleared with it.
 */
import { UserFacingError } from '../errors.js';
import { DEFAULT_API_HOST, tryNormalizeApiHost } from './api-host.js';
import type { HostEntry } from './host-entry.js';
import { isTable, newTable, type TomlTable, type TomlValue } from './toml-codec.js';
import type { StoredCredentials } from './types.js';

const ENVIRONMENTS = 'environments';
const CREDENTIAL_KEYS = ['token', 'refresh_token', 'token_expires_at'] as const;
/** Top-level names that are not org tables: the CLI's only scalars, and the per-host tables. */
const NOT_ORG_NAMES = new Set<string>([...CREDENTIAL_KEYS, 'org', ENVIRONMENTS]);

interface Section {
  table: TomlTable;
  /** How a user finds it in the file, for error messages. */
  label: string;
  /** The key under `environments`, for a per-host table. */
  key?: string;
}

/**
 * Whether top-level credentials that are not a non-default host's own copy belong to that host
 * anyway (the host accepted their token); undefined from the caller means "never".
 */
export type TopLevelOwnership = (topLevel: StoredCredentials) => boolean;

/** The credentials of the host, or undefined when it has none. */
export function readHostCredentials(
  doc: TomlTable,
  host: HostEntry,
  file: string,
  ownsTopLevel?: TopLevelOwnership,
): StoredCredentials | undefined {
  if (host.host === DEFAULT_API_HOST) return credentialsIn(topLevel(doc), file);
  const perHost = findEnvironment(doc, host, file, false);
  const own = perHost && credentialsIn(perHost, file);
  const top = foreignTopLevel(doc, own, file);
  return top && ownsTopLevel?.(top) ? top : own;
}

/**
 * The active org of `host`, also when it is signed out: a sign-out keeps `org` (removeHostCredentials),
 * so the next sign-in of an account that still has that org keeps it. Undefined when none is set.
 */
export function readHostOrg(
  doc: TomlTable,
  host: HostEntry,
  file: string,
  ownsTopLevel?: TopLevelOwnership,
): string | undefined {
  const credentials = readHostCredentials(doc, host, file, ownsTopLevel);
  if (credentials) return credentials.org;
  const section = host.host === DEFAULT_API_HOST ? topLevel(doc) : findEnvironment(doc, host, file, false);
  return section && (optionalString(section.table, 'org', section.label, file) || undefined);
}

/**
 * The top-level token a non-default host would have to ask about: present, and not its own copy
 * (which needs no asking). Undefined for the default host.
 */
export function topLevelTokenToCheck(doc: TomlTable, host: HostEntry, file: string): string | undefined {
  if (host.host === DEFAULT_API_HOST) return undefined;
  const perHost = findEnvironment(doc, host, file, false);
  return foreignTopLevel(doc, perHost && credentialsIn(perHost, file), file)?.token;
}

/** Stores `creds` for the host, keeping every other key; `org`, if given, also gets its table. */
export function setHostCredentials(
  doc: TomlTable,
  host: HostEntry,
  creds: StoredCredentials,
  file: string,
  ownsTopLevel?: TopLevelOwnership,
): void {
  assertCredentials(creds);
  if (creds.org !== undefined) addOrgTable(doc, creds.org);
  for (const { table } of sectionsToWrite(doc, host, file, ownsTopLevel)) {
    table['token'] = creds.token;
    table['refresh_token'] = creds.refreshToken;
    table['token_expires_at'] = expiryValue(creds.tokenExpiresAt);
    if (creds.org !== undefined) table['org'] = creds.org;
  }
}

/** Sets the active org for the host and adds an empty `[org]` table if absent, as the CLI does. */
export function setHostOrg(
  doc: TomlTable,
  host: HostEntry,
  org: string,
  file: string,
  ownsTopLevel?: TopLevelOwnership,
): void {
  assertOrg(org);
  addOrgTable(doc, org);
  for (const { table } of sectionsToWrite(doc, host, file, ownsTopLevel)) table['org'] = org;
}

/**
 * Removes the token keys of the host only (`org` and all tables stay); a per-host table this empties
 * is dropped, and `environments` with it when nothing else is left. Returns whether anything changed.
 */
export function removeHostCredentials(
  doc: TomlTable,
  host: HostEntry,
  file: string,
  ownsTopLevel?: TopLevelOwnership,
): boolean {
  const perHost = findEnvironment(doc, host, file, false);
  // The mirror is found by the table's token, so before the loop below deletes it.
  const sections =
    host.host === DEFAULT_API_HOST
      ? [topLevel(doc), perHost]
      : [perHost, perHost && mirrorOf(doc, perHost), ownedTopLevel(doc, perHost, file, ownsTopLevel)];
  let changed = false;
  for (const section of sections) {
    if (!section) continue;
    for (const key of CREDENTIAL_KEYS) {
      if (Object.hasOwn(section.table, key)) {
        Reflect.deleteProperty(section.table, key);
        changed = true;
      }
    }
  }
  if (changed && perHost && Object.keys(perHost.table).length === 0) dropEnvironment(doc, perHost);
  return changed;
}

function sectionsToWrite(
  doc: TomlTable,
  host: HostEntry,
  file: string,
  ownsTopLevel: TopLevelOwnership | undefined,
): Section[] {
  if (host.host !== DEFAULT_API_HOST) {
    // Decided before the table is created or anything is assigned: mirrorOf and ownedTopLevel
    // must see the file as it was.
    const owned = ownedTopLevel(doc, findEnvironment(doc, host, file, false), file, ownsTopLevel);
    const perHost = findEnvironment(doc, host, file, true);
    // Only an absent or empty token is free: one of another type is still not ours to replace.
    const topIsFree = doc['token'] === undefined || doc['token'] === '';
    return topIsFree || mirrorOf(doc, perHost) || owned ? [perHost, topLevel(doc)] : [perHost];
  }
  const mirror = findEnvironment(doc, host, file, false);
  return mirror ? [topLevel(doc), mirror] : [topLevel(doc)];
}

/** The top level, when it holds a copy of this per-host table (same non-empty token). */
function mirrorOf(doc: TomlTable, perHost: Section): Section | undefined {
  const token = perHost.table['token'];
  return typeof token === 'string' && token !== '' && doc['token'] === token ? topLevel(doc) : undefined;
}

/** The top level, when it holds credentials other than the table's that this host owns. */
function ownedTopLevel(
  doc: TomlTable,
  perHost: Section | undefined,
  file: string,
  ownsTopLevel: TopLevelOwnership | undefined,
): Section | undefined {
  if (!ownsTopLevel) return undefined;
  const top = foreignTopLevel(doc, perHost && credentialsIn(perHost, file), file);
  return top && ownsTopLevel(top) ? topLevel(doc) : undefined;
}

/**
 * Top-level credentials that are not `own` (another session than the table's), or undefined. A
 * top level with keys of the wrong type is never anyone's here: only the CLI reads it.
 */
function foreignTopLevel(
  doc: TomlTable,
  own: StoredCredentials | undefined,
  file: string,
): StoredCredentials | undefined {
  let top: StoredCredentials | undefined;
  try {
    top = credentialsIn(topLevel(doc), file);
  } catch {
    return undefined;
  }
  if (!top) return undefined;
  // The same token is the table's own copy (see mirrorOf).
  return own?.token === top.token ? undefined : top;
}

function topLevel(doc: TomlTable): Section {
  return { table: doc, label: 'the top level' };
}

function findEnvironment(doc: TomlTable, host: HostEntry, file: string, create: true): Section;
function findEnvironment(doc: TomlTable, host: HostEntry, file: string, create: boolean): Section | undefined;
function findEnvironment(
  doc: TomlTable,
  host: HostEntry,
  file: string,
  create: boolean,
): Section | undefined {
  let environments = doc[ENVIRONMENTS];
  if (environments === undefined) {
    if (!create) return undefined;
    environments = doc[ENVIRONMENTS] = newTable();
  }
  if (!isTable(environments)) throw invalid(file, `its "${ENVIRONMENTS}" key is not a table`);
  const found = keyOf(environments, host);
  if (found === undefined) {
    if (!create) return undefined;
    const table = newTable();
    environments[host.tableKey] = table;
    return { table, label: `[environments."${host.tableKey}"]`, key: host.tableKey };
  }
  const table = environments[found];
  if (!isTable(table)) throw invalid(file, `[environments."${found}"] is not a table`);
  if (!create || found === host.tableKey || !host.tableKeyFromCli) {
    return { table, label: `[environments."${found}"]`, key: found };
  }
  // Moved whole, unknown keys included, to the key the CLI reads for this host.
  Reflect.deleteProperty(environments, found);
  environments[host.tableKey] = table;
  return { table, label: `[environments."${host.tableKey}"]`, key: host.tableKey };
}

/** The key of the host's table: its own, else the normalised host, else another spelling of it. */
function keyOf(environments: TomlTable, host: HostEntry): string | undefined {
  for (const key of [host.tableKey, host.host]) if (Object.hasOwn(environments, key)) return key;
  return Object.keys(environments).find((candidate) => tryNormalizeApiHost(candidate) === host.host);
}

function credentialsIn({ table, label }: Section, file: string): StoredCredentials | undefined {
  const token = optionalString(table, 'token', label, file);
  if (!token) return undefined;
  const refreshToken = optionalString(table, 'refresh_token', label, file) ?? '';
  const org = optionalString(table, 'org', label, file);
  const tokenExpiresAt = optionalNumber(table, 'token_expires_at', label, file) ?? 0;
  return org === undefined
    ? { token, refreshToken, tokenExpiresAt }
    : { token, refreshToken, tokenExpiresAt, org };
}

function optionalString(table: TomlTable, key: string, label: string, file: string): string | undefined {
  const value = table[key];
  if (value === undefined || typeof value === 'string') return value;
  throw invalid(file, `"${key}" in ${label} is not a string`);
}

function optionalNumber(table: TomlTable, key: string, label: string, file: string): number | undefined {
  const value = table[key];
  if (value === undefined || typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw invalid(file, `"${key}" in ${label} is not a number`);
}

/**
 * OAuth expiries stay JS numbers, which stringifyToml writes as floats like the CLI's
 * `time.time() + expires_in`; the PAT's 0 becomes the integer `0` the CLI writes.
 */
function expiryValue(tokenExpiresAt: number): TomlValue {
  return tokenExpiresAt === 0 ? 0n : tokenExpiresAt;
}

function addOrgTable(doc: TomlTable, org: string): void {
  if (!Object.hasOwn(doc, org) && !NOT_ORG_NAMES.has(org)) doc[org] = newTable();
}

function dropEnvironment(doc: TomlTable, section: Section): void {
  const environments = doc[ENVIRONMENTS];
  if (!isTable(environments) || section.key === undefined) return;
  Reflect.deleteProperty(environments, section.key);
  if (Object.keys(environments).length === 0) Reflect.deleteProperty(doc, ENVIRONMENTS);
}

function invalid(file: string, what: string): UserFacingError {
  return new UserFacingError(`${file} cannot be used: ${what}.`, 'credentials_invalid');
}

// Programming errors, not user errors: the values come from the app, never from the file.
function assertCredentials(creds: StoredCredentials): void {
  if (typeof creds.token !== 'string' || creds.token === '') {
    throw new TypeError('token must be a non-empty string');
  }
  if (typeof creds.refreshToken !== 'string') {
    throw new TypeError('refreshToken must be a string');
  }
  if (!Number.isFinite(creds.tokenExpiresAt) || creds.tokenExpiresAt < 0) {
    throw new TypeError('tokenExpiresAt must be a finite number of seconds, 0 or more');
  }
  if (creds.org !== undefined) assertOrg(creds.org);
}

function assertOrg(org: string): void {
  if (typeof org !== 'string' || org === '') throw new TypeError('org must be a non-empty string');
}
