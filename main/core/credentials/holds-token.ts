import { isTable, type TomlTable } from './toml-codec.js';

/**
 * Whether a parsed file is a credentials file with something to protect: a non-empty `token` at
 * the top level or in an `[environments."<host>"]` table. Only such a file has its mode narrowed:
 * any other TOML file the path may name (a wrong `--config`, a symlink) is left as it is.
 */
export function holdsToken(doc: TomlTable): boolean {
  if (isToken(doc['token'])) return true;
  const environments = doc['environments'];
  if (environments === undefined || !isTable(environments)) return false;
  return Object.values(environments).some((table) => isTable(table) && isToken(table['token']));
}

function isToken(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}
