import type { ServerMetadata } from 'openid-client';
import { describe, expect, it } from 'vitest';
import { findMetadataProblem } from '../../main/core/discovery/validate-metadata.js';
import { isAllowedEndpoint, isLoopbackHost } from '../../main/core/http/loopback-host.js';

const issuer = 'https://idp.example';
const good: ServerMetadata = {
  issuer,
  authorization_endpoint: 'https://idp.example/authorize',
  token_endpoint: 'https://idp.example/token',
  code_challenge_methods_supported: ['S256'],
  response_types_supported: ['code'],
};

describe('findMetadataProblem', () => {
  it('accepts a conforming provider, and one that omits the optional lists', () => {
    expect(findMetadataProblem(good, issuer, false)).toBeUndefined();
    const { code_challenge_methods_supported: _a, response_types_supported: _b, ...minimal } = good;
    expect(findMetadataProblem(minimal, issuer, false)).toBeUndefined();
  });

  it.each([
    [{ issuer: 'https://idp.example/' }, 'names itself'],
    [{ authorization_endpoint: 'http://idp.example/authorize' }, 'authorization_endpoint is not https'],
    [{ token_endpoint: 'http://idp.example/token' }, 'token_endpoint is not https'],
    [{ token_endpoint: undefined }, 'has no token_endpoint'],
    [{ code_challenge_methods_supported: ['plain'] }, 'S256'],
    [{ response_types_supported: ['token'] }, 'authorization code'],
  ])('refuses %o', (patch, message) => {
    expect(findMetadataProblem({ ...good, ...patch }, issuer, false)).toContain(message);
  });

  it('allows http only for loopback hosts, and only when asked to', () => {
    const local = { ...good, issuer: 'http://127.0.0.1:9/o', token_endpoint: 'http://127.0.0.1:9/o/token' };
    expect(findMetadataProblem(local, 'http://127.0.0.1:9/o', false)).toContain('not https');
    expect(
      findMetadataProblem({ ...local, authorization_endpoint: 'http://127.0.0.1:9/a' }, local.issuer, true),
    ).toBe(undefined);
  });
});

describe('loopback hosts', () => {
  it('knows which hosts stay on this machine', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['10.0.0.1', '127.example.com', 'example.com', '0.0.0.0'].some(isLoopbackHost)).toBe(false);
    expect(isAllowedEndpoint(new URL('http://127.0.0.1/x'), true)).toBe(true);
    expect(isAllowedEndpoint(new URL('http://example.com/x'), true)).toBe(false);
    expect(isAllowedEndpoint(new URL('ftp://127.0.0.1/x'), true)).toBe(false);
  });
});
