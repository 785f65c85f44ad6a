/**
 * The credentials files the CLI itself wrote are what many tests start from, so each must hold
 * exactly what its README says, with the CLI's types (an integer `0` for a PAT's expiry, floats
 * otherwise), and keep the rule the CLI checks at start-up: its four credential keys are the only
 * top-level values that are not tables.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TomlTable } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { MULTI_ENVIRONMENT_FIXTURE, FIXTURES_DIR, parseToml } from './credentials-helpers.js';

const PROD = {
  token: 'eyJhbGciOiJSUzI1NiJ9.FAKE-PROD-ACCESS.sig',
  refresh_token: 'FAKE_PROD_REFRESH_1',
  token_expires_at: 1796015765.3956273,
  org: 'acme',
};
const STAGING = {
  token: 'eyJhbGciOiJSUzI1NiJ9.FAKE-STAGING-ACCESS.sig',
  refresh_token: 'FAKE_STAGING_REFRESH_1',
  token_expires_at: 1796019999.25,
  org: 'acme-staging',
};
const ACME_KEYS = { default_public_key: 'pk_FAKE_acme_0001', default_public_key_name: 'Acme Key' };

/** Every fixture, by path inside tests/fixtures, and the document it must parse to. */
const EXPECTED: Record<string, TomlTable> = {
  'cli/oauth-login.toml': {
    token: 'eyJhbGciOiJSUzI1NiJ9.FAKE-ACCESS-TOKEN.sig',
    refresh_token: 'FAKE_REFRESH_TOKEN_abc123',
    token_expires_at: 1796015765.3956273,
    org: 'test-org',
    'test-org': {},
  },
  'cli/pat.toml': {
    token: 'pcc_pat_FAKEPATTOKEN0123456789',
    refresh_token: '',
    token_expires_at: 0n,
    org: 'test-org',
    'test-org': {},
  },
  'cli/org-with-keys.toml': {
    token: 'eyJhbGciOiJSUzI1NiJ9.FAKE-ACCESS-TOKEN.sig',
    refresh_token: 'FAKE_REFRESH_TOKEN_abc123',
    token_expires_at: 1796015766.3767583,
    org: 'test-org',
    'test-org': { default_public_key: 'pk_FAKE_test_0001', default_public_key_name: 'Pipecat Key' },
    'second-org': { default_public_key: 'pk_FAKE_second_0001', default_public_key_name: 'Second Key' },
  },
  'cli/environments.toml': {
    ...PROD,
    acme: ACME_KEYS,
    'acme-staging': {},
    environments: {
      'https://api.pipecat.daily.co': PROD,
      'https://staging.qa.pipecat.cloud': STAGING,
    },
  },
  'cli-multi-environment/multi-environment.toml': {
    ...PROD,
    acme: ACME_KEYS,
    'acme-staging': {},
    environments: {
      'https://api.pipecat.daily.co': PROD,
      'https://staging.qa.pipecat.cloud/': STAGING,
      'https://Pipecat.Example.com:443': {
        token: 'pcc_pat_FAKECUSTOMHOST0123456789',
        refresh_token: '',
        token_expires_at: 0n,
        org: 'acme',
      },
    },
  },
};

const FIXTURES_ROOT = path.dirname(FIXTURES_DIR);
const CLI_SCALARS = new Set(['token', 'refresh_token', 'token_expires_at', 'org']);

describe('the CLI fixtures', () => {
  it('are exactly the files described here, and the helpers point at them', () => {
    const found = ['cli', 'cli-multi-environment'].flatMap((folder) =>
      readdirSync(path.join(FIXTURES_ROOT, folder))
        .filter((name) => name.endsWith('.toml'))
        .map((name) => `${folder}/${name}`),
    );
    expect(found.sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(path.relative(FIXTURES_ROOT, MULTI_ENVIRONMENT_FIXTURE)).toBe(
      'cli-multi-environment/multi-environment.toml',
    );
  });

  it.each(Object.entries(EXPECTED))('%s parses to what its README describes', (name, expected) => {
    const doc = parseToml(readFileSync(path.join(FIXTURES_ROOT, name), 'utf8'));
    expect(doc).toEqual(expected);
    const scalars = Object.entries(doc).filter(([, value]) => typeof value !== 'object');
    expect(scalars.every(([key]) => CLI_SCALARS.has(key))).toBe(true);
  });
});
