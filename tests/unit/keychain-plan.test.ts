import { describe, expect, it } from 'vitest';
import type { StoredCredentials } from '../../main/core/credentials/index.js';
import { checkKeychain } from '../../main/core/keychain/availability.js';
import { planReconcile } from '../../main/core/keychain/reconcile-plan.js';
import type { VaultedSession } from '../../main/core/keychain/vault.js';
import { decodeVaultedSession, encodeVaultedSession } from '../../main/core/keychain/vault-codec.js';
import { MemoryVault } from './support/memory-vault.js';

const held: VaultedSession = {
  refreshToken: 'rt-2',
  accessToken: 'at-2',
  tokenExpiresAt: 100,
  replaces: 'at-1',
};
const blank = (token: string): StoredCredentials => ({ token, refreshToken: '', tokenExpiresAt: 50 });
const inFile: StoredCredentials = { token: 'at-cli', refreshToken: 'rt-cli', tokenExpiresAt: 60 };
const pat: StoredCredentials = { token: 'pcc_pat_x', refreshToken: '', tokenExpiresAt: 0 };

describe('planReconcile', () => {
  it.each([
    ['nothing in either', undefined, undefined, 'keep', 'nothing'],
    ['a CLI login, setting on', inFile, undefined, 'keep', 'move_into_vault'],
    ['a CLI login, setting off', inFile, undefined, 'follow', 'nothing'],
    ['a CLI login over a vaulted session, setting on', inFile, held, 'keep', 'move_into_vault'],
    ['a CLI login over a vaulted session, setting off', inFile, held, 'follow', 'forget'],
    ['a CLI logout (no session in the file)', undefined, held, 'keep', 'revoke'],
    ['a CLI logout, setting off', undefined, held, 'follow', 'revoke'],
    ['a PAT replaced the session', pat, held, 'keep', 'forget'],
    ['the vault`s own session', blank('at-2'), held, 'keep', 'nothing'],
    ['the write after a rotation did not land', blank('at-1'), held, 'keep', 'complete_write'],
    ['a blank session the vault does not know', blank('at-9'), held, 'keep', 'nothing'],
    ['a PAT, nothing vaulted', pat, undefined, 'keep', 'nothing'],
  ] as const)('%s → %s', (_name, file, vaulted, mode, step) => {
    expect(planReconcile(file, vaulted, mode).kind).toBe(step);
  });
});

describe('the keychain entry', () => {
  it('round-trips, and anything else reads as no entry', () => {
    expect(decodeVaultedSession(encodeVaultedSession(held))).toEqual(held);
    const { replaces: _dropped, ...plain } = held;
    expect(decodeVaultedSession(encodeVaultedSession(plain))).toEqual(plain);
    for (const text of [
      '',
      'not json',
      '"rt"',
      '{"v":2,"refresh_token":"r","access_token":"a","token_expires_at":1}',
    ]) {
      expect(decodeVaultedSession(text)).toBeUndefined();
    }
    expect(
      decodeVaultedSession('{"v":1,"refresh_token":"","access_token":"a","token_expires_at":1}'),
    ).toBeUndefined();
  });
});

describe('checkKeychain', () => {
  it('a working vault is available, and the probe leaves nothing behind', async () => {
    const vault = new MemoryVault();
    expect(await checkKeychain(vault)).toEqual({ available: true });
    expect(vault.calls).toEqual(['set', 'get', 'delete']);
    expect(vault.entries.size).toBe(0);
  });

  it('a failing vault is unavailable, said in one sentence', async () => {
    const vault = new MemoryVault();
    vault.failure = new Error('Platform failure: DBus error: no session bus');
    const result = await checkKeychain(vault);
    expect(result.available).toBe(false);
    if (result.available) return;
    expect(result.reason).toMatch(
      /^No system keychain can be used here.*, so the refresh token stays in the credentials file\.$/,
    );
    expect(result.reason.split('. ')).toHaveLength(1);
    expect(result.detail).toContain('no session bus');
  });

  it('a vault that does not give back what it stored is unavailable', async () => {
    const vault = new MemoryVault();
    vault.afterSet = () => void vault.entries.clear();
    expect((await checkKeychain(vault)).available).toBe(false);
  });
});
