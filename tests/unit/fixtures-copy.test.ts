import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const COPY = path.resolve(import.meta.dirname, '../fixtures/cli');
const SHARED = path.resolve(import.meta.dirname, '../../../shared/fixtures/cli');

describe('the CLI fixtures kept in the repository', () => {
  it('hold the four files the real CLI wrote', () => {
    expect(
      readdirSync(COPY)
        .filter((name) => name.endsWith('.toml'))
        .sort(),
    ).toEqual(['environments.toml', 'oauth-login.toml', 'org-with-keys.toml', 'pat.toml']);
  });

  // Where the team's shared fixtures sit beside the checkout (CI, developers), the copy must match.
  it.skipIf(!existsSync(SHARED))('match the shared fixtures byte for byte', () => {
    for (const name of readdirSync(SHARED)) {
      expect(readFileSync(path.join(COPY, name), 'utf8'), name).toBe(
        readFileSync(path.join(SHARED, name), 'utf8'),
      );
    }
  });
});
