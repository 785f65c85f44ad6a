import type { LogoutOutcome } from '../api/logout.js';
import {
  CredentialsStore,
  type CredentialsStoreOptions,
  type StoredCredentials,
} from '../credentials/index.js';
import { UserFacingError } from '../errors.js';
import { PAT_PREFIX } from '../../shared/pat.js';
import {
  isBlankOAuth,
  planReconcile,
  vaultHolds,
  type KeychainMode,
  type ReconcileStep,
} from './reconcile-plan.js';
import type { RefreshTokenVault, VaultKey, VaultedSession } from './vault.js';

/** What the store did on its own, for the shells to say (never a secret). */
export type KeychainEvent =
  | { kind: 'moved_to_keychain' }
  | { kind: 'revoked'; outcome: LogoutOutcome }
  /** The revocation could not be confirmed for now (unreachable, 503): tried again at the next check. */
  | { kind: 'revocation_pending'; outcome: LogoutOutcome }
  | { kind: 'forgotten' }
  | { kind: 'completed_write' }
  | { kind: 'moved_to_file' };

export interface VaultedCredentialsStoreOptions extends CredentialsStoreOptions {
  vault: RefreshTokenVault;
  mode: KeychainMode;
  /** `POST /auth/logout` for a session the CLI logged out of (PipecatApi.logout). */
  revoke(accessToken: string, refreshToken: string): Promise<LogoutOutcome>;
  onEvent?(event: KeychainEvent): void;
}

/** Where the refresh token of the session `readPlaced` found is. */
export type RefreshTokenPlace = 'file' | 'keychain' | 'none';

/**
 * The credentials store with the refresh token kept in a vault (the OS keychain) instead of the
 * CLI's file, which then holds `refresh_token = ""`: the CLI uses the access token and cannot
 * refresh it, the app does. To the refresher and the session it reads as an ordinary OAuth
 * session, refresh token included; every write splits it again.
 *
 * Crash ordering (a rotation): the provider's answer kills the old refresh token, so the vault is
 * written first, with the new refresh token and `replaces` naming the access token the file still
 * holds; then the file (compare-and-swap, blank refresh token). Killed between the two, the file
 * still holds the old access token, which the vault maps to the new refresh token: the next check
 * finishes the write (`complete_write`) and no request ever presents the dead token. Killed before
 * the vault write, the answer is lost as it would be without the vault (SECURITY.md).
 */
export class VaultedCredentialsStore extends CredentialsStore {
  private mode: KeychainMode;
  /** Follow mode touches the vault (and loads the keychain) only once a session there was seen. */
  private vaultInUse: boolean;
  private readonly key: VaultKey;
  private readonly vault: RefreshTokenVault;
  private readonly withLock: <T>(task: () => Promise<T>) => Promise<T>;
  private readonly revoke: VaultedCredentialsStoreOptions['revoke'];
  private readonly onEvent: (event: KeychainEvent) => void;

  constructor(options: VaultedCredentialsStoreOptions) {
    super(options);
    this.key = { configPath: this.path, apiHost: this.apiHost };
    this.vault = options.vault;
    this.mode = options.mode;
    this.vaultInUse = options.mode === 'keep';
    this.withLock = options.lock ?? ((task) => task());
    this.revoke = options.revoke;
    this.onEvent = options.onEvent ?? (() => undefined);
  }

  get keepsInKeychain(): boolean {
    return this.mode === 'keep';
  }

  override async read(): Promise<StoredCredentials | undefined> {
    return (await this.readPlaced()).credentials;
  }

  /** The host's session, its refresh token taken from the vault when the file's is blank. */
  async readPlaced(): Promise<{
    credentials: StoredCredentials | undefined;
    refreshTokenIn: RefreshTokenPlace;
  }> {
    const file = await super.read();
    if (!file) return { credentials: undefined, refreshTokenIn: 'none' };
    if (!isBlankOAuth(file))
      return { credentials: file, refreshTokenIn: file.refreshToken ? 'file' : 'none' };
    const held = await this.heldOrUndefined();
    if (!held || !vaultHolds(held, file)) return { credentials: file, refreshTokenIn: 'none' };
    return { credentials: { ...file, refreshToken: held.refreshToken }, refreshTokenIn: 'keychain' };
  }

  override async write(creds: StoredCredentials): Promise<void> {
    await this.withLock(async () => {
      if (this.mode === 'keep' && hasRefreshToken(creds)) {
        // Vault first: killed before the file write, the vault holds a session the file does not
        // name (revoked at the next check if the file holds none); the file's is never lost.
        await this.vault.set(this.key, sessionOf(creds));
        await super.write({ ...creds, refreshToken: '' });
        return;
      }
      await super.write(creds);
      // The vault's session is replaced, as the CLI's login or use-pat replaces one: not revoked.
      if (this.vaultInUse) await this.vault.delete(this.key);
    });
  }

  override writeIfUnchanged(expected: StoredCredentials, creds: StoredCredentials): Promise<boolean> {
    return this.withLock(async () => {
      if (!(await this.rotatesInVault(expected, creds))) return super.writeIfUnchanged(expected, creds);
      await this.vault.set(this.key, { ...sessionOf(creds), replaces: expected.token });
      this.vaultInUse = true;
      return this.casFile(expected, (base) => super.writeIfUnchanged(base, { ...creds, refreshToken: '' }));
    });
  }

  override async clearIfUnchanged(expected: StoredCredentials): Promise<boolean> {
    return this.withLock(async () => {
      const cleared = await this.casFile(expected, (base) => super.clearIfUnchanged(base));
      // The refresher clears a session whose refresh token was refused: nothing left to revoke.
      if (cleared && this.vaultInUse && vaultHoldsToken(await this.vault.get(this.key), expected)) {
        await this.vault.delete(this.key);
      }
      return cleared;
    });
  }

  /** Sign-out: the file first, then the vault, under the lock so no other keeper sees one without the other. */
  override async clear(): Promise<void> {
    await this.withLock(async () => {
      await super.clear();
      if (this.vaultInUse) await this.vault.delete(this.key);
    });
  }

  /**
   * Brings the file and the vault in line (the refresher calls it under the lock before every
   * check): moves a refresh token the CLI wrote into the vault, revokes a session the CLI logged
   * out of, finishes an interrupted write. See planReconcile.
   */
  async reconcile(): Promise<void> {
    if (!this.vaultInUse) return;
    await this.withLock(async () => {
      const step = planReconcile(await super.read(), await this.vault.get(this.key), this.mode);
      await this.perform(step);
    });
  }

  /** Turns the setting on: from now on refresh tokens live in the vault, the file's is moved there now. */
  async keepInVault(): Promise<void> {
    this.mode = 'keep';
    this.vaultInUse = true;
    await this.reconcile();
  }

  /**
   * Turns the setting off: the refresh token goes back to the file (compare-and-swap), then leaves
   * the vault, so the CLI can refresh on its own again. Killed in between, both hold it, which is
   * harmless: the next `keychain off` or a CLI login drops the vault's copy. Returns whether a
   * refresh token was moved.
   */
  async moveToFile(): Promise<boolean> {
    this.mode = 'follow';
    this.vaultInUse = true;
    return this.withLock(async () => {
      // First whatever is pending: a logout to revoke, an interrupted write to finish.
      await this.reconcile();
      const file = await super.read();
      const held = await this.vault.get(this.key);
      let moved = false;
      if (file && held && vaultHolds(held, file)) {
        const tokens = file.token === held.accessToken ? file : tokensOf(held);
        const restored = {
          token: tokens.token,
          tokenExpiresAt: tokens.tokenExpiresAt,
          refreshToken: held.refreshToken,
        };
        if (!(await super.writeIfUnchanged(file, restored))) {
          throw new UserFacingError('The credentials file changed meanwhile: run it again.', 'file_changed');
        }
        moved = true;
        this.onEvent({ kind: 'moved_to_file' });
      }
      await this.vault.delete(this.key);
      this.vaultInUse = false;
      return moved;
    });
  }

  private async perform(step: ReconcileStep): Promise<void> {
    switch (step.kind) {
      case 'nothing':
        return;
      case 'move_into_vault':
        await this.vault.set(this.key, sessionOf(step.file));
        if (
          await super.writeIfUnchanged(step.file, { ...tokensOf(sessionOf(step.file)), refreshToken: '' })
        ) {
          this.onEvent({ kind: 'moved_to_keychain' });
        }
        return;
      case 'revoke':
        return this.revokeLoggedOut(step.held);
      case 'forget':
        await this.vault.delete(this.key);
        this.onEvent({ kind: 'forgotten' });
        return;
      case 'complete_write':
        if (await super.writeIfUnchanged(step.file, { ...tokensOf(step.held), refreshToken: '' })) {
          this.onEvent({ kind: 'completed_write' });
        }
        return;
    }
  }

  /** Revoked first, forgotten after: killed in between, the next check revokes again (harmless). */
  private async revokeLoggedOut(held: VaultedSession): Promise<void> {
    const outcome = await this.revoke(held.accessToken, held.refreshToken);
    if (outcome.kind === 'unreachable' || outcome.kind === 'service_down') {
      this.onEvent({ kind: 'revocation_pending', outcome });
      return;
    }
    await this.vault.delete(this.key);
    this.onEvent({ kind: 'revoked', outcome });
  }

  /** Whether a rotation from `expected` to `creds` keeps its refresh token in the vault. */
  private async rotatesInVault(expected: StoredCredentials, creds: StoredCredentials): Promise<boolean> {
    if (!hasRefreshToken(creds)) return false;
    if (this.mode === 'keep') return true;
    return this.vaultInUse && vaultHoldsToken(await this.heldOrUndefined(), expected);
  }

  /**
   * Compare-and-swap against the file as it holds `expected`: blank (the refresh token in the
   * vault) or with the refresh token itself (a CLI login not yet moved).
   */
  private async casFile(
    expected: StoredCredentials,
    swap: (base: StoredCredentials) => Promise<boolean>,
  ): Promise<boolean> {
    if (await swap({ ...expected, refreshToken: '' })) return true;
    return expected.refreshToken !== '' && swap(expected);
  }

  /** The vault's session; in follow mode a keychain that fails reads as empty (the file is used as is). */
  private async heldOrUndefined(): Promise<VaultedSession | undefined> {
    try {
      const held = await this.vault.get(this.key);
      if (held) this.vaultInUse = true;
      return held;
    } catch (error) {
      if (this.mode === 'keep') throw error;
      return undefined;
    }
  }
}

function hasRefreshToken(creds: StoredCredentials): boolean {
  return creds.refreshToken !== '' && !creds.token.startsWith(PAT_PREFIX);
}

function sessionOf(creds: StoredCredentials): VaultedSession {
  return { refreshToken: creds.refreshToken, accessToken: creds.token, tokenExpiresAt: creds.tokenExpiresAt };
}

function tokensOf(held: VaultedSession): Pick<StoredCredentials, 'token' | 'tokenExpiresAt'> {
  return { token: held.accessToken, tokenExpiresAt: held.tokenExpiresAt };
}

/** The vault holds `expected`'s refresh token for its access token. */
function vaultHoldsToken(held: VaultedSession | undefined, expected: StoredCredentials): boolean {
  return (
    held !== undefined &&
    held.refreshToken === expected.refreshToken &&
    vaultHolds(held, { ...expected, refreshToken: '' })
  );
}
