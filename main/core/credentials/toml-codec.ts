import { parse, stringify, TomlError, type TomlTable, type TomlValue } from 'smol-toml';
import { UserFacingError } from '../errors.js';

export type { TomlTable, TomlValue };

/**
 * Parses the credentials file. Integers come back as `bigint` and floats as `number`, so that
 * stringifyToml can write each back with the type it had (the CLI's `toml` keeps `0` and `0.0`
 * apart, and smol-toml would otherwise turn `1796015765.0` into `1796015765`).
 */
export function parseToml(text: string, file: string): TomlTable {
  try {
    return parse(text, { integersAsBigInt: true });
  } catch (err) {
    if (!(err instanceof TomlError)) throw err;
    // Only the first line of the message: the rest quotes the file, which holds tokens.
    const reason = (err.message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '');
    throw new UserFacingError(
      `${file} is not valid TOML (line ${err.line}, column ${err.column}: ${reason}); fix or remove it and try again.`,
      'credentials_unparseable',
    );
  }
}

/** Serialises a document from parseToml: every `number` as a float, every `bigint` as an integer. */
export function stringifyToml(doc: TomlTable): string {
  const text = stringify(doc, { numbersAsFloat: true });
  // smol-toml omits the blank line after an empty table; the CLI's `toml` writes one.
  return text.replace(/([^\n])\n\[/g, '$1\n\n[');
}

export function isTable(value: TomlValue | undefined): value is TomlTable {
  // parseToml keeps smol-toml's default legacy dates (TomlDate extends Date), never Temporal objects.
  return typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

/** A table without a prototype, like the ones smol-toml builds, so a key like `__proto__` is plain data. */
export function newTable(): TomlTable {
  return Object.create(null) as TomlTable;
}
