import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseToml, stringifyToml } from '../../main/core/credentials/toml-codec.js';
import { UserFacingError } from '../../main/core/errors.js';
import { FIXTURES, FIXTURES_DIR } from './credentials-helpers.js';

describe('parseToml / stringifyToml', () => {
  it.each(FIXTURES)('reproduces %s byte for byte', async (name) => {
    const text = await readFile(path.join(FIXTURES_DIR, name), 'utf8');
    expect(stringifyToml(parseToml(text, name))).toBe(text);
  });

  it('keeps integral floats as floats and integers as integers', () => {
    const text = 'a = 1796015765.0\nb = 0\nc = 2.5\nd = 7\n';
    expect(stringifyToml(parseToml(text, 'f.toml'))).toBe(text);
  });

  it('quotes table keys with dots, colons and slashes', () => {
    const doc = parseToml('[environments."https://x.example:8443/p"]\nk = "v"\n', 'f.toml');
    expect(stringifyToml(doc)).toBe('[environments."https://x.example:8443/p"]\nk = "v"\n');
  });

  it('names the file and line of a syntax error without quoting the file', () => {
    const text = 'token = "SECRET-TOKEN-VALUE"\nrefresh_token = = "x"\n';
    let caught: unknown;
    try {
      parseToml(text, '/cfg/pipecatcloud.toml');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UserFacingError);
    const error = caught as UserFacingError;
    expect(error.code).toBe('credentials_unparseable');
    expect(error.message).toMatch(
      /^\/cfg\/pipecatcloud\.toml is not valid TOML \(line 2, column \d+: [^)]+\)/,
    );
    expect(error.message).not.toContain('SECRET');
    expect(error.message).not.toContain('\n');
    expect(error.cause).toBeUndefined();
  });
});
