import type { ActionResult, KeychainView } from './tray-core.js';
import type { CredentialsStore } from '../credentials/index.js';
import { UserFacingError } from '../errors.js';
import { checkKeychain } from '../keychain/availability.js';
import { keychainSideOf } from '../keychain/keychain-store.js';
import type { KeychainMode } from '../keychain/reconcile-plan.js';
import type { RefreshTokenVault } from '../keychain/vault.js';
import type { PreferencesStore } from './preferences.js';

/**
 * The tray's "Keep the refresh token in the system keychain", persisted in its preferences. The
 * keychain is probed when the setting is turned on, and at start when it was left on; where none
 * works the setting stays (or goes) off and says why, and the refresh token stays in the file.
 */
export class TrayKeychainSetting {
  private unavailable: string | undefined;

  constructor(
    private readonly preferences: PreferencesStore,
    readonly vault: RefreshTokenVault,
  ) {}

  get mode(): KeychainMode {
    return this.preferences.read().keepRefreshTokenInKeychain ? 'keep' : 'follow';
  }

  view(): KeychainView {
    return { on: this.mode === 'keep', ...(this.unavailable ? { unavailable: this.unavailable } : {}) };
  }

  /** A setting left on is checked once at start; returns whether it had to be turned off. */
  async turnedOffAtStart(): Promise<boolean> {
    if (this.mode !== 'keep') return false;
    const availability = await checkKeychain(this.vault);
    if (availability.available) return false;
    this.unavailable = availability.reason;
    this.remember(false);
    return true;
  }

  async set(enabled: boolean, store: CredentialsStore): Promise<ActionResult> {
    const side = keychainSideOf(store);
    if (!side) return { ok: false, message: 'Something unexpected went wrong; please try again.' };
    try {
      if (!enabled) {
        this.remember(false);
        await side.moveToFile();
        return { ok: true, message: 'The refresh token is back in the credentials file.' };
      }
      const availability = await checkKeychain(this.vault);
      if (!availability.available) {
        this.unavailable = availability.reason;
        return { ok: false, message: availability.reason };
      }
      this.unavailable = undefined;
      this.remember(true);
      await side.keepInVault();
      return { ok: true, message: 'The refresh token is now kept in the system keychain.' };
    } catch (error) {
      const message = error instanceof UserFacingError ? error.message : 'Something unexpected went wrong.';
      return { ok: false, message };
    }
  }

  private remember(on: boolean): void {
    this.preferences.write({ ...this.preferences.read(), keepRefreshTokenInKeychain: on });
  }
}
