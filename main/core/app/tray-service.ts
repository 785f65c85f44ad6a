import { DEFAULT_DASHBOARD_HOST } from '../api/account.js';
import { PipecatApi } from '../api/pipecat-api.js';
import { displayName, organizationLabel } from '../api/types.js';
import { describeRefreshOutcome } from '../actions/refresh-message.js';
import { signOut } from '../actions/sign-out.js';
import { switchOrganization } from '../actions/switch-organization.js';
import { usePersonalAccessToken } from '../actions/use-personal-access-token.js';
import { UserFacingError } from '../errors.js';
import type { Fetch } from '../http/fetch.js';
import { revocationAttempt } from '../revocation/attempt.js';
import { RevocationKeeper, SIGNED_OUT_ELSEWHERE_GRACE_MS, sessionToRevoke } from '../revocation/keeper.js';
import type { RevocationAnswer, RevokeOptions, SessionToRevoke } from '../revocation/revoke-session.js';
import type { PendingRevocationStore } from '../revocation/pending-store.js';
import type { AccountState } from '../session/account-state.js';
import { createAccountRuntime, type AccountRuntime } from '../session/account-runtime.js';
import { CallbackPaste } from '../sign-in/callback-paste.js';
import { systemClock, type Clock } from '../session/clock.js';
import { ProviderCache } from '../session/provider-cache.js';
import { signIn, SignInAbortedError } from '../sign-in/sign-in.js';
import { KeyringVault } from '../keychain/keyring-vault.js';
import type { RefreshTokenVault } from '../keychain/vault.js';
import { TrayKeychainSetting } from './keychain-setting.js';
import { notificationFor, type TrayNotification } from './notifications.js';
import type { Preferences, PreferencesStore } from './preferences.js';
import type { AccountView, ActionResult, EnvironmentName, TrayCore } from './tray-core.js';

export interface AutoStart {
  setEnabled(enabled: boolean): Promise<void>;
}

export interface TrayServiceOptions {
  configPath: string;
  /** The API host of an environment; the shell decides (`--sandbox` replaces production). */
  hostFor(environment: EnvironmentName, customApiHost: string | undefined): string;
  /** Fetch for a host (with our User-Agent; the sandbox's CA where needed). */
  fetchFor(apiHost: string): Fetch;
  allowInsecureLoopback?: boolean;
  /** The host the CLI (`pipecat cloud`) is pointed at (PIPECAT_API_HOST), if any; see `mayProbeTopLevel`. */
  cliApiHost?: string;
  openInBrowser(url: string): Promise<void>;
  /** The dashboard and other https pages; the shell restricts it to known hosts. */
  openExternal(url: string): Promise<void>;
  preferences: PreferencesStore;
  autoStart: AutoStart;
  notify(notification: TrayNotification): void;
  dashboardHost?: string;
  /** Where "Keep the refresh token in the system keychain" keeps it; the OS keychain by default. */
  keychainVault?: RefreshTokenVault;
  /** The loopback ports a sign-in may listen on: the registered 8400-8404 unless a test says. */
  loopbackPorts?: readonly number[];
  /** The revocation retries' timers (tests pass a virtual clock). */
  clock?: Clock;
  random?: () => number;
  /** Where sessions waiting for their revocation are kept: memory unless given (the keychain seam). */
  revocationStore?: PendingRevocationStore;
}

/**
 * Everything the tray offers, over the core, for any shell: the action registry
 * (main/ipc/actions.ts) calls it for the menu and the windows, and the renderer tests bind the
 * same object into a page. Methods never throw: failures come back as `{ ok: false, message }`
 * with one sentence for the user.
 */
export class TrayService implements TrayCore {
  private runtime: AccountRuntime;
  private signInAbort: AbortController | undefined;
  private signInUrl: string | undefined;
  private signInPaste: CallbackPaste | undefined;
  private view: AccountView;
  private readonly listeners = new Set<(view: AccountView) => void>();
  private stopFollowing: () => void = () => undefined;
  private readonly keychain: TrayKeychainSetting;
  /** Sessions signed out here (or by another program) until the provider confirms their revocation. */
  private readonly revocations: RevocationKeeper;

  constructor(private readonly options: TrayServiceOptions) {
    this.keychain = new TrayKeychainSetting(options.preferences, options.keychainVault ?? new KeyringVault());
    this.runtime = this.createRuntime();
    this.view = this.compose(this.runtime.session.state);
    this.revocations = new RevocationKeeper({
      attempt: (session, options) => this.attemptRevocation(session, options),
      clock: options.clock ?? systemClock,
      random: options.random ?? Math.random,
      ...(options.revocationStore ? { store: options.revocationStore } : {}),
    });
  }

  async start(): Promise<void> {
    // Left on, but no keychain here any more: off, and the runtime built for it rebuilt (not started yet).
    if (await this.keychain.turnedOffAtStart()) this.runtime = this.createRuntime();
    await this.revocations.start();
    await this.follow();
  }

  stop(): void {
    this.signInAbort?.abort();
    this.stopFollowing();
    this.runtime.session.stop();
    this.revocations.stop();
  }

  /** How many signed-out sessions still wait for the provider to confirm their revocation. */
  get pendingRevocations(): number {
    return this.revocations.pendingCount;
  }

  /** The core's wake-from-sleep / network-back hook. */
  checkNow(): void {
    void this.runtime.refresher.checkNow();
  }

  /** The machine is about to sleep: refresh a token that would not outlive a long night. */
  beforeSleep(): void {
    void this.runtime.refresher.refreshBeforeSleep();
  }

  subscribe(listener: (view: AccountView) => void): () => void {
    this.listeners.add(listener);
    listener(this.view);
    return () => this.listeners.delete(listener);
  }

  get state(): AccountView {
    return this.view;
  }

  async getState(): Promise<AccountView> {
    return this.view;
  }

  async signIn(): Promise<ActionResult> {
    if (this.signInAbort) return { ok: false, message: 'A sign-in is already waiting for the browser.' };
    const abort = new AbortController();
    this.signInAbort = abort;
    const paste = new CallbackPaste();
    this.signInPaste = paste;
    this.publish();
    const { store } = this.runtime;
    try {
      const result = await signIn(
        { fetch: this.fetch(), openUrl: this.options.openInBrowser, credentials: store },
        {
          apiHost: store.apiHost,
          allowInsecureLoopback: this.options.allowInsecureLoopback ?? false,
          signal: abort.signal,
          paste,
          ...(this.options.loopbackPorts ? { ports: this.options.loopbackPorts } : {}),
          onAuthorizeUrl: (url) => {
            this.signInUrl = url;
            this.publish();
          },
        },
      );
      this.turnOnStartAtLoginAfterFirstSignIn();
      await this.runtime.session.reload();
      return {
        ok: true,
        message: `Signed in as ${displayName(result.account.user)}.`,
      };
    } catch (error) {
      if (error instanceof SignInAbortedError && error.reason === 'cancelled')
        return { ok: true, message: error.message };
      return failure(error);
    } finally {
      this.signInAbort = undefined;
      this.signInUrl = undefined;
      this.signInPaste = undefined;
      this.publish();
    }
  }

  /**
   * The address the browser ended on, pasted back into the window: for a browser on another
   * machine, whose redirect to this machine's loopback server cannot arrive. Checked as the
   * server checks a callback; a refused paste leaves the sign-in waiting.
   */
  async completeSignInFromPastedUrl(text: string): Promise<ActionResult> {
    const verdict = this.signInPaste?.submit(text);
    if (!verdict) return { ok: false, message: 'No sign-in is waiting for an address.' };
    return verdict.accepted
      ? { ok: true, message: 'Address received; finishing the sign-in…' }
      : { ok: false, message: verdict.message };
  }

  async cancelSignIn(): Promise<ActionResult> {
    if (!this.signInAbort) return { ok: false, message: 'No sign-in is waiting.' };
    this.signInAbort.abort();
    return { ok: true };
  }

  async usePersonalAccessToken(pat: string): Promise<ActionResult> {
    return this.act(async () => {
      const account = await usePersonalAccessToken(this.deps(), pat);
      this.turnOnStartAtLoginAfterFirstSignIn();
      return `Signed in as ${displayName(account.user)} with a personal access token.`;
    });
  }

  async switchOrganization(name: string): Promise<ActionResult> {
    return this.act(async () => {
      const { organization } = await switchOrganization(this.deps(), name);
      return `Now using ${organizationLabel(organization)}.`;
    });
  }

  async refreshNow(): Promise<ActionResult> {
    const report = describeRefreshOutcome(await this.runtime.refresher.refreshNow());
    await this.runtime.session.reload();
    return { ok: report.ok, message: report.message };
  }

  async signOut(): Promise<ActionResult> {
    return this.act(async () => {
      const { store, dashboardHost } = this.deps();
      const revoke = (session: SessionToRevoke): Promise<RevocationAnswer> =>
        this.revocations.revokeNow(session);
      return (await signOut({ store, dashboardHost, revoke, retriesInBackground: true })).message;
    });
  }

  async setEnvironment(environment: EnvironmentName, customApiHost?: string): Promise<ActionResult> {
    const previous = this.options.preferences.read();
    const next: Preferences = {
      ...previous,
      environment,
      customApiHost: customApiHost ?? previous.customApiHost,
    };
    try {
      // Validates the host before anything changes (a custom host must be https).
      this.options.hostFor(next.environment, next.customApiHost);
    } catch (error) {
      return failure(error);
    }
    this.signInAbort?.abort();
    this.options.preferences.write(next);
    this.stopFollowing();
    this.runtime.session.stop();
    this.runtime = this.createRuntime();
    await this.follow();
    return { ok: true, message: `Now using ${this.runtime.store.apiHost}.` };
  }

  async setStartAtLogin(enabled: boolean): Promise<ActionResult> {
    try {
      await this.options.autoStart.setEnabled(enabled);
    } catch (error) {
      return failure(error);
    }
    this.options.preferences.write({
      ...this.options.preferences.read(),
      startAtLogin: enabled,
      startAtLoginChosen: true,
    });
    this.publish();
    return { ok: true };
  }

  async setKeepRefreshTokenInKeychain(enabled: boolean): Promise<ActionResult> {
    const result = await this.keychain.set(enabled, this.runtime.store);
    await this.runtime.session.reload();
    this.publish();
    return result;
  }

  async openDashboard(): Promise<ActionResult> {
    return this.act(async () => {
      await this.options.openExternal(this.options.dashboardHost ?? DEFAULT_DASHBOARD_HOST);
      return undefined;
    });
  }

  private async act(task: () => Promise<string | undefined>): Promise<ActionResult> {
    try {
      const message = await task();
      await this.runtime.session.reload();
      return message === undefined ? { ok: true } : { ok: true, message };
    } catch (error) {
      return failure(error);
    }
  }

  private deps(): {
    store: AccountRuntime['store'];
    api: AccountRuntime['api'];
    dashboardHost: string;
  } {
    return {
      store: this.runtime.store,
      api: this.runtime.api,
      dashboardHost: this.options.dashboardHost ?? DEFAULT_DASHBOARD_HOST,
    };
  }

  private fetch(): Fetch {
    return this.options.fetchFor(this.runtime.store.apiHost);
  }

  private createRuntime(): AccountRuntime {
    const prefs = this.options.preferences.read();
    const apiHost = this.options.hostFor(prefs.environment, prefs.customApiHost);
    return createAccountRuntime({
      apiHost,
      configPath: this.options.configPath,
      fetch: this.options.fetchFor(apiHost),
      allowInsecureLoopback: this.options.allowInsecureLoopback ?? false,
      watchFile: true,
      cliApiHost: this.options.cliApiHost,
      keychain: { mode: this.keychain.mode, vault: this.keychain.vault },
    });
  }

  private async follow(): Promise<void> {
    const runtime = this.runtime;
    const unsubscribe = runtime.session.subscribe(() => {
      if (runtime === this.runtime) this.publish();
    });
    // Signed out by another program (`pipecat-tray logout`, the CLI): make sure it gets revoked.
    const stopRevoking = runtime.session.onSessionRemoved((credentials) =>
      this.revocations.revokeLater(
        sessionToRevoke(runtime.store.apiHost, credentials),
        SIGNED_OUT_ELSEWHERE_GRACE_MS,
      ),
    );
    this.stopFollowing = () => {
      unsubscribe();
      stopRevoking();
    };
    await runtime.session.start();
  }

  /** One try at the session's own host, which may be an environment the tray has left since. */
  private attemptRevocation(session: SessionToRevoke, options: RevokeOptions): Promise<RevocationAnswer> {
    const fetch = this.options.fetchFor(session.apiHost);
    const provider = new ProviderCache({
      apiHost: session.apiHost,
      fetch,
      allowInsecureLoopback: this.options.allowInsecureLoopback ?? false,
    });
    return revocationAttempt({ api: PipecatApi.create(session.apiHost, fetch), provider })(session, options);
  }

  private turnOnStartAtLoginAfterFirstSignIn(): void {
    const prefs = this.options.preferences.read();
    if (prefs.startAtLoginChosen) return;
    void this.setStartAtLogin(true);
  }

  private compose(state: AccountState, prefs = this.options.preferences.read()): AccountView {
    const view: AccountView = {
      ...state,
      ...(this.signInAbort ? { status: 'signing_in' as const } : {}),
      environment: prefs.environment,
      startAtLogin: prefs.startAtLogin,
      keychain: this.keychain.view(),
    };
    if (prefs.customApiHost) view.customApiHost = prefs.customApiHost;
    if (this.signInUrl) view.signInUrl = this.signInUrl;
    return view;
  }

  private publish(): void {
    const prefs = this.options.preferences.read();
    const next = this.compose(this.runtime.session.state, prefs);
    if (JSON.stringify(next) === JSON.stringify(this.view)) return;
    const notification = notificationFor(this.view, next);
    this.view = next;
    if (notification && prefs.notifications) this.options.notify(notification);
    for (const listener of this.listeners) listener(next);
  }
}

function failure(error: unknown): ActionResult {
  if (error instanceof UserFacingError) return { ok: false, message: error.message };
  return { ok: false, message: 'Something unexpected went wrong; please try again.' };
}
