import { describe, expect, it } from 'vitest';
import { DEFAULT_API_HOST } from '../../main/core/credentials/index.js';
import { PipecatApi } from '../../main/core/api/pipecat-api.js';
import { VaultedCredentialsStore } from '../../main/core/keychain/vaulted-store.js';
import type { RefreshTokenVault } from '../../main/core/keychain/vault.js';
import { keychainCommand } from '../../main/headless/commands/keychain.js';
import { statusCommand } from '../../main/headless/commands/status.js';
import type { CommandContext } from '../../main/headless/context.js';
import { headlessKeychain } from '../../main/headless/keychain-setting.js';
import { tempFileForEachTest } from './credentials-helpers.js';
import { cliLogin, refreshTokensInFile } from './support/keychain-harness.js';
import { MemoryVault } from './support/memory-vault.js';

let file: string;
tempFileForEachTest((temp) => (file = temp.file));

const SESSION = {
  token: 'access-1',
  refreshToken: 'refresh-1',
  tokenExpiresAt: 2_000_000_000.5,
  org: 'acme',
};

function context(vault: RefreshTokenVault): { ctx: CommandContext; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const store = new VaultedCredentialsStore({
    path: file,
    apiHost: DEFAULT_API_HOST,
    vault,
    mode: 'follow',
    revoke: () => Promise.reject(new Error('no revocation expected')),
  });
  const fetch = (): Promise<Response> => Promise.reject(new Error('no request expected'));
  const ctx: CommandContext = {
    apiHost: DEFAULT_API_HOST,
    configPath: file,
    allowInsecureLoopback: false,
    fetch,
    api: PipecatApi.create(DEFAULT_API_HOST, fetch),
    store,
    output: { out: (line) => void out.push(line), err: (line) => void err.push(line) },
    openUrl: () => Promise.resolve(),
    cliApiHost: undefined,
    signInCommand: 'pipecat-tray login',
    keychain: { mode: 'follow', vault },
  };
  return { ctx, out, err };
}

describe('pipecat-tray keychain on|off', () => {
  it('on: the file`s refresh token moves into the keychain, and it says the daemon must run', async () => {
    await cliLogin(file, SESSION);
    const vault = new MemoryVault();
    const { ctx, out } = context(vault);
    expect(await keychainCommand(ctx, { to: 'on' })).toBe(0);
    expect(await refreshTokensInFile(file)).toEqual(['']);
    expect(vault.only()?.refreshToken).toBe(SESSION.refreshToken);
    expect(out.join('\n')).toContain('keep `pipecat-tray daemon --keychain` (or the tray) running');
  });

  it('on, with no keychain here: one sentence, exit 1, the file untouched', async () => {
    await cliLogin(file, SESSION);
    const vault = new MemoryVault();
    vault.failure = new Error('no Secret Service');
    const { ctx, err } = context(vault);
    expect(await keychainCommand(ctx, { to: 'on' })).toBe(1);
    expect(err).toEqual([expect.stringMatching(/^No system keychain can be used here.*credentials file\.$/)]);
    expect(await refreshTokensInFile(file)).toEqual([SESSION.refreshToken]);
  });

  it('off: the refresh token goes back to the file; off again has nothing to move', async () => {
    await cliLogin(file, SESSION);
    const vault = new MemoryVault();
    const { ctx, out } = context(vault);
    await keychainCommand(ctx, { to: 'on' });
    expect(await keychainCommand(ctx, { to: 'off' })).toBe(0);
    expect(await refreshTokensInFile(file)).toEqual([SESSION.refreshToken]);
    expect(vault.entries.size).toBe(0);
    expect(await keychainCommand(ctx, { to: 'off' })).toBe(0);
    expect(out.slice(-2)).toEqual([
      expect.stringContaining('the CLI can refresh the session on its own again'),
      expect.stringContaining('nothing to move'),
    ]);
  });
});

describe('--keychain', () => {
  it('turns the setting on only where the keychain works, and says why not', async () => {
    const working = new MemoryVault();
    expect(await headlessKeychain({ keychain: true }, working)).toEqual({ mode: 'keep', vault: working });
    const broken = new MemoryVault();
    broken.failure = new Error('no Secret Service');
    expect(await headlessKeychain({ keychain: true }, broken)).toMatchObject({
      mode: 'follow',
      unavailable: expect.stringMatching(/^No system keychain can be used here/),
    });
    const untouched = new MemoryVault();
    expect(await headlessKeychain({ keychain: false }, untouched)).toEqual({
      mode: 'follow',
      vault: untouched,
    });
    expect(untouched.calls).toEqual([]);
  });

  it('status says where the refresh token is', async () => {
    await cliLogin(file, SESSION);
    const vault = new MemoryVault();
    const { ctx, out } = context(vault);
    await keychainCommand(ctx, { to: 'on' });
    out.length = 0;
    await statusCommand(ctx, { json: false });
    expect(out).toContain('  Refresh token in the system keychain');
    expect(out).toContain('  Method        OAuth (browser sign-in)');
    out.length = 0;
    await statusCommand(ctx, { json: true });
    expect(JSON.parse(out.join('\n'))).toMatchObject({ authMethod: 'oauth', refreshTokenInKeychain: true });
  });
});
