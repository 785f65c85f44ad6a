import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { signOut } from '../../main/core/actions/sign-out.js';
import type { StoredCredentials } from '../../main/core/credentials/index.js';
import { refreshMarginSeconds } from '../../main/core/session/refresh-policy.js';
import { authMethodOf } from '../../main/core/status/account-status.js';
import { tempFileForEachTest } from './credentials-helpers.js';
import {
  cliLogin,
  keychainHarness,
  refreshTokensInFile,
  type KeychainHarness,
} from './support/keychain-harness.js';

const DAY_S = 86_400;
const STAGING = 'https://staging.qa.pipecat.cloud';

let file: string;
tempFileForEachTest((temp) => (file = temp.file));

/** Signed in with the setting on, as `pipecat-tray login --keychain` does. */
async function signedIn(
  options: { apiHost?: string } = {},
): Promise<{ h: KeychainHarness; initial: StoredCredentials }> {
  const h = keychainHarness(file, 'keep', options);
  const initial = h.provider.signIn('acme');
  await h.store.write(initial);
  return { h, initial };
}

/** Moves the virtual clock to when `creds` is due for a refresh. */
function jumpToDue(h: KeychainHarness, creds: StoredCredentials): void {
  h.clock.jump((creds.tokenExpiresAt - refreshMarginSeconds(DAY_S)) * 1000 - h.clock.now());
}

async function fileSession(h: KeychainHarness): Promise<StoredCredentials | undefined> {
  return h.cliView.read();
}

describe('keychain mode: the refresh token in the vault, "" in the file', () => {
  it('a sign-in writes the access token and refresh_token = "" to the file; the app reads the whole session', async () => {
    const { h, initial } = await signedIn();
    expect(await refreshTokensInFile(file)).toEqual(['']);
    const cli = await fileSession(h);
    expect(cli).toMatchObject({
      token: initial.token,
      refreshToken: '',
      tokenExpiresAt: initial.tokenExpiresAt,
    });
    expect(await h.store.read()).toEqual(initial);
    expect((await h.store.readPlaced()).refreshTokenIn).toBe('keychain');
    // Not a personal access token, to the CLI nor to the app.
    expect(cli && authMethodOf(cli)).toBe('oauth');
    expect(h.vault.only()).toEqual({
      refreshToken: initial.refreshToken,
      accessToken: initial.token,
      tokenExpiresAt: initial.tokenExpiresAt,
    });
  });

  it('a rotation writes the vault first, then the file, and the file never holds a refresh token', async () => {
    const { h, initial } = await signedIn();
    const fileWhenVaultWritten: Array<StoredCredentials | undefined> = [];
    h.vault.afterSet = async () => void fileWhenVaultWritten.push(await fileSession(h));
    jumpToDue(h, initial);

    const outcome = await h.refresher.checkNow();
    expect(outcome.kind).toBe('refreshed');
    expect(fileWhenVaultWritten.map((c) => c?.token)).toEqual([initial.token]);
    const held = h.vault.only();
    const now = await fileSession(h);
    expect(now?.token).not.toBe(initial.token);
    expect(held).toMatchObject({ accessToken: now?.token, replaces: initial.token });
    expect(await refreshTokensInFile(file)).toEqual(['']);
    expect(h.provider.isRefreshTokenUsable(held?.refreshToken ?? '')).toBe(true);
    expect(h.provider.isRefreshTokenUsable(initial.refreshToken)).toBe(false);
    expect(h.provider.count('replay')).toBe(0);
  });

  it('killed between the vault write and the file write: the next check finishes the write and nothing is replayed', async () => {
    const { h, initial } = await signedIn();
    h.vault.afterSet = () => {
      throw new Error('killed right after the keychain write');
    };
    jumpToDue(h, initial);
    expect((await h.refresher.checkNow()).kind).toBe('file_error');
    expect((await fileSession(h))?.token).toBe(initial.token);
    h.vault.afterSet = undefined;

    const after = h.restart();
    const outcome = await after.refresher.checkNow();
    expect(outcome.kind).toBe('not_due');
    expect(after.events).toEqual([{ kind: 'completed_write' }]);
    const written = await fileSession(after);
    expect(written?.token).toBe(h.vault.only()?.accessToken);
    expect(written?.refreshToken).toBe('');
    expect(h.provider.counters.refreshRequests).toBe(1);

    // The next refresh presents the refresh token the interrupted one got, never the dead one.
    jumpToDue(after, written ?? initial);
    expect((await after.refresher.checkNow()).kind).toBe('refreshed');
    expect(h.provider.count('replay')).toBe(0);
    expect(h.provider.log.map((entry) => entry.result)).toEqual(['rotated', 'rotated']);
  });

  it('the same process after a failed file write: the next check writes, without asking the provider again', async () => {
    const { h, initial } = await signedIn();
    h.vault.afterSet = () => {
      throw new Error('the file write that follows fails');
    };
    jumpToDue(h, initial);
    expect((await h.refresher.checkNow()).kind).toBe('file_error');
    h.vault.afterSet = undefined;
    await h.refresher.checkNow();
    expect((await fileSession(h))?.token).toBe(h.vault.only()?.accessToken);
    expect(h.provider.counters.refreshRequests).toBe(1);
  });

  it('a non-default host: its table and the top-level copy both hold refresh_token = ""', async () => {
    const { h, initial } = await signedIn({ apiHost: STAGING });
    jumpToDue(h, initial);
    expect((await h.refresher.checkNow()).kind).toBe('refreshed');
    expect(await refreshTokensInFile(file)).toEqual(['', '']);
    expect((await h.store.read())?.refreshToken).toBe(h.vault.only()?.refreshToken);
  });
});

describe('keychain mode follows the CLI', () => {
  it('a CLI login: its refresh token moves into the vault and is blanked in the file, no request made', async () => {
    const h = keychainHarness(file, 'keep');
    const cli = h.provider.signIn('acme');
    await cliLogin(file, cli);
    await h.refresher.checkNow();
    expect(await refreshTokensInFile(file)).toEqual(['']);
    expect(h.vault.only()).toMatchObject({ refreshToken: cli.refreshToken, accessToken: cli.token });
    expect(h.events).toEqual([{ kind: 'moved_to_keychain' }]);
    expect(h.provider.counters.refreshRequests).toBe(0);
    expect(await h.store.read()).toMatchObject({ token: cli.token, refreshToken: cli.refreshToken });
  });

  it('a CLI logout (the file deleted): revoked with the vault`s refresh token and the last access token, then forgotten', async () => {
    const { h, initial } = await signedIn();
    jumpToDue(h, initial);
    await h.refresher.checkNow();
    const held = h.vault.only();
    await rm(file);

    expect((await h.refresher.checkNow()).kind).toBe('no_session');
    expect(h.revocations).toEqual([{ accessToken: held?.accessToken, refreshToken: held?.refreshToken }]);
    expect(h.vault.entries.size).toBe(0);
    expect(h.provider.isRefreshTokenUsable(held?.refreshToken ?? '')).toBe(false);
    expect(h.events).toEqual([{ kind: 'revoked', outcome: { kind: 'revoked', status: 200 } }]);
  });

  it('a revocation that cannot reach the API is kept and tried again at the next check', async () => {
    const { h } = await signedIn();
    h.logoutAnswer = { kind: 'unreachable', reason: 'network' };
    await rm(file);
    await h.refresher.checkNow();
    expect(h.vault.entries.size).toBe(1);
    expect(h.events.map((e) => e.kind)).toEqual(['revocation_pending']);

    h.logoutAnswer = { kind: 'revoked', status: 200 };
    await h.refresher.checkNow();
    expect(h.vault.entries.size).toBe(0);
    expect(h.revocations).toHaveLength(2);
  });

  it('a PAT stored by the CLI replaces the vault`s session: forgotten, not revoked', async () => {
    const { h } = await signedIn();
    await h.cliView.write({ token: 'pcc_pat_example', refreshToken: '', tokenExpiresAt: 0 });
    expect((await h.refresher.checkNow()).kind).toBe('no_session');
    expect(h.vault.entries.size).toBe(0);
    expect(h.revocations).toEqual([]);
  });

  it('a refresh token refused by the provider: the file and the vault are both cleared', async () => {
    const { h, initial } = await signedIn();
    h.provider.revokeGrantOf(initial.refreshToken);
    jumpToDue(h, initial);
    expect((await h.refresher.checkNow()).kind).toBe('expired');
    expect(await fileSession(h)).toBeUndefined();
    expect(h.vault.entries.size).toBe(0);
    expect(h.revocations).toEqual([]);
  });

  it('sign-out sends the vault`s refresh token to /auth/logout and clears the file and the vault', async () => {
    const { h, initial } = await signedIn();
    const sent: string[][] = [];
    const result = await signOut({
      store: h.store,
      revoke: async (session) => {
        sent.push([session.accessToken, session.refreshToken]);
        return { kind: 'revoked' };
      },
      retriesInBackground: false,
    });
    expect(result.outcome.kind).toBe('revoked');
    expect(sent).toEqual([[initial.token, initial.refreshToken]]);
    expect(await fileSession(h)).toBeUndefined();
    expect(h.vault.entries.size).toBe(0);
  });
});

describe('turning it off, and follow mode', () => {
  it('turning it off writes the refresh token back to the file and empties the vault', async () => {
    const { h, initial } = await signedIn();
    expect(await h.store.moveToFile()).toBe(true);
    expect(await refreshTokensInFile(file)).toEqual([initial.refreshToken]);
    expect(h.vault.entries.size).toBe(0);
    expect(h.store.keepsInKeychain).toBe(false);
    // The CLI can refresh on its own again: the file's refresh token is live.
    await expect(
      h.provider.refresh(await h.provider.discovery.get(), initial.refreshToken, () => h.clock.now()),
    ).resolves.toMatchObject({ refreshToken: expect.any(String) });
  });

  it('turned off, a CLI login stays in the file', async () => {
    const { h } = await signedIn();
    await h.store.moveToFile();
    const cli = h.provider.signIn('acme');
    await cliLogin(file, cli);
    await h.refresher.checkNow();
    expect(await refreshTokensInFile(file)).toEqual([cli.refreshToken]);
    expect(h.vault.entries.size).toBe(0);
  });

  it('follow mode refreshes a session kept in the vault through the vault', async () => {
    const { h, initial } = await signedIn();
    const follower = h.restart('follow');
    jumpToDue(follower, initial);
    expect((await follower.refresher.checkNow()).kind).toBe('refreshed');
    expect(await refreshTokensInFile(file)).toEqual(['']);
    expect(follower.vault.only()?.replaces).toBe(initial.token);
  });

  it('follow mode leaves a CLI login in the file and drops the vault`s old session without revoking it', async () => {
    const { h } = await signedIn();
    const follower = h.restart('follow');
    await follower.refresher.checkNow();
    const cli = h.provider.signIn('acme');
    await cliLogin(file, cli);
    await follower.refresher.checkNow();
    expect(await refreshTokensInFile(file)).toEqual([cli.refreshToken]);
    expect(h.vault.entries.size).toBe(0);
    expect(follower.events).toEqual([{ kind: 'forgotten' }]);
    expect(follower.revocations).toEqual([]);
  });

  it('follow mode never touches the keychain for a file that keeps its refresh token', async () => {
    const h = keychainHarness(file, 'follow');
    const cli = h.provider.signIn('acme');
    await cliLogin(file, cli);
    jumpToDue(h, cli);
    expect((await h.refresher.checkNow()).kind).toBe('refreshed');
    expect(h.vault.calls).toEqual([]);
    expect((await refreshTokensInFile(file))[0]).not.toBe('');
  });

  it('a keychain that fails is an error with the setting on, and the file as it is in follow mode', async () => {
    const { h, initial } = await signedIn();
    h.vault.failure = new Error('the keychain is locked');
    await expect(h.store.read()).rejects.toThrow('the keychain is locked');
    expect((await h.refresher.checkNow()).kind).toBe('file_error');
    const follower = h.restart('follow');
    expect(await follower.store.read()).toMatchObject({ token: initial.token, refreshToken: '' });
  });
});
