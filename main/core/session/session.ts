import { isDeepStrictEqual } from 'node:util';
import { chooseActiveOrg, loadAccount } from '../api/account.js';
import type { PipecatApi } from '../api/pipecat-api.js';
import type { AccountSummary } from '../api/types.js';
import { sameSession, type StoredCredentials } from '../credentials/index.js';
import { UserFacingError } from '../errors.js';
import { authMethodOf } from '../status/account-status.js';
import type { AccountState } from './account-state.js';
import type { RefreshOutcome, Refresher } from './refresher.js';
import { CLI_REFRESH_WINDOW_SECONDS } from './refresh-policy.js';

export interface SessionStore {
  readonly path: string;
  readonly apiHost: string;
  read(): Promise<StoredCredentials | undefined>;
  /** Cleans up after a write that a crash interrupted; see CredentialsStore. */
  removeLeftoverTempFiles?(): Promise<number>;
}

export interface AccountSessionDependencies {
  store: SessionStore;
  api: PipecatApi;
  refresher: Refresher;
  /** Starts watching the credentials file; returns a function that stops. */
  watch?: (onChange: () => void) => () => void;
  now: () => number;
}

type Listener = (state: AccountState) => void;
type RemovedListener = (credentials: StoredCredentials) => void;

type Profile = { kind: 'ok'; account: AccountSummary } | { kind: 'failed'; error: unknown };

/**
 * The account state machine every shell observes through one subscription: it follows the file
 * (whoever writes it), the refresher's outcomes, and who the token belongs to.
 */
export class AccountSession {
  private current: AccountState;
  private readonly listeners = new Set<Listener>();
  private readonly removedListeners = new Set<RemovedListener>();
  private known: StoredCredentials | undefined;
  private stopWatching: (() => void) | undefined;
  private stopRefresher: (() => void) | undefined;
  private reloading: Promise<void> | undefined;
  private reloadAgain = false;
  /** Who the token belongs to could not be fetched (API down, token expired): ask again next pass. */
  private profileMissing = false;

  constructor(private readonly deps: AccountSessionDependencies) {
    this.current = { status: 'signed_out', apiHost: deps.store.apiHost, configPath: deps.store.path };
  }

  get state(): AccountState {
    return this.current;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    listener(this.current);
    return () => this.listeners.delete(listener);
  }

  /**
   * Called with an OAuth session (one with a refresh token) that the file no longer holds while
   * nothing replaced it: someone signed out (`pipecat-tray logout`, `pcc auth logout`, the file
   * deleted). The tray and the daemon make sure it is revoked at the provider.
   */
  onSessionRemoved(listener: RemovedListener): () => void {
    this.removedListeners.add(listener);
    return () => this.removedListeners.delete(listener);
  }

  async start(): Promise<void> {
    // Best effort: a folder we cannot write is reported by the first write, with its reason.
    await this.deps.store.removeLeftoverTempFiles?.().catch(() => 0);
    this.stopRefresher = this.deps.refresher.onOutcome((outcome) => void this.onRefresh(outcome));
    this.stopWatching = this.deps.watch?.(() => void this.reload());
    await this.reload();
    this.deps.refresher.start();
  }

  stop(): void {
    this.stopWatching?.();
    this.stopRefresher?.();
    this.deps.refresher.stop();
  }

  /** Re-reads the file and follows it; concurrent calls coalesce into one more pass. */
  reload(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      do {
        this.reloadAgain = false;
        await this.follow();
      } while (this.reloadAgain);
    })().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  private async follow(): Promise<void> {
    let credentials: StoredCredentials | undefined;
    try {
      credentials = await this.deps.store.read();
    } catch (error) {
      // An unparseable or unreadable file: say so, keep the rest, write nothing, wait for a fix.
      this.set({ ...this.current, status: 'error', lastError: messageOf(error) });
      return;
    }
    const changed = !sameSession(credentials, this.known);
    const wasError = this.current.status === 'error';
    const previous = this.known;
    this.known = credentials;
    if (!credentials) {
      this.profileMissing = false;
      if (previous) this.announceRemoved(previous);
      if (this.current.status !== 'expired' || wasError) this.set(this.signedOut());
      // A session gone from the file may still need the refresher (a keychain session to revoke).
      if (changed) void this.deps.refresher.checkNow();
      return;
    }
    if (changed || wasError || this.profileMissing) {
      // Who the token belongs to is fetched before the state changes, so nobody sees "unknown user".
      const profile = await this.fetchProfile(credentials);
      if (this.known !== credentials) return;
      const next = this.withProfile(
        this.withCredentials(this.signedIn(credentials), credentials),
        credentials,
        profile,
      );
      // A personal access token the API refused stays refused: not asked again until the file changes.
      this.profileMissing = profile.kind === 'failed' && next.status !== 'expired';
      this.set(next);
      // Only for a new file: a check's outcome reloads, so a profile retry must not start one.
      if (changed || wasError) void this.deps.refresher.checkNow();
    } else if (this.current.status !== 'expired') {
      // (An expired personal access token stays expired while the file holds it.)
      this.set(this.withCredentials(this.current, credentials));
    }
  }

  private announceRemoved(credentials: StoredCredentials): void {
    if (authMethodOf(credentials) !== 'oauth' || credentials.refreshToken === '') return;
    for (const listener of this.removedListeners) listener(credentials);
  }

  private async onRefresh(outcome: RefreshOutcome): Promise<void> {
    switch (outcome.kind) {
      case 'refreshed':
        // Our own rotation: same account, new expiry.
        this.known = outcome.credentials;
        this.set({ ...this.withCredentials(this.current, outcome.credentials), lastError: undefined });
        return;
      case 'expired':
        this.known = undefined;
        this.set({
          ...this.current,
          status: 'expired',
          tokenExpiresAt: undefined,
          nextRefreshAtMs: undefined,
          lastError: 'Your Pipecat Cloud session ended (signed out elsewhere or expired): sign in again.',
        });
        return;
      case 'failed': {
        const left = outcome.credentials.tokenExpiresAt - this.deps.now() / 1000;
        // Quiet until it matters: only when the CLI would soon have to refresh for itself.
        const urgent = left < CLI_REFRESH_WINDOW_SECONDS * 5 || outcome.failure.kind !== 'transient';
        this.set({
          ...this.current,
          nextRefreshAtMs: outcome.retryAtMs,
          lastError: urgent ? `Could not refresh the session: ${outcome.failure.message}` : undefined,
        });
        return;
      }
      case 'file_error':
        this.set({ ...this.current, status: 'error', lastError: messageOf(outcome.error) });
        return;
      default:
        await this.reload();
    }
  }

  private async fetchProfile(credentials: StoredCredentials): Promise<Profile> {
    try {
      return { kind: 'ok', account: await loadAccount(this.deps.api, credentials.token, credentials.org) };
    } catch (error) {
      return { kind: 'failed', error };
    }
  }

  private withProfile(state: AccountState, credentials: StoredCredentials, profile: Profile): AccountState {
    if (profile.kind === 'ok') {
      const { user, organizations, activeOrg } = profile.account;
      return {
        ...state,
        email: user.email,
        userId: user.userId,
        organizations,
        org: activeOrg?.name ?? credentials.org,
        orgVerboseName: activeOrg?.verboseName,
        lastError: organizations.length === 0 ? 'Your account has no organization yet.' : undefined,
      };
    }
    // The refresher deals with a dead OAuth token; here it only means we cannot show who it is.
    const rejected = profile.error instanceof UserFacingError && profile.error.code === 'token_rejected';
    if (rejected && authMethodOf(credentials) === 'pat') {
      return {
        ...state,
        status: 'expired',
        lastError: 'Pipecat Cloud no longer accepts this personal access token.',
      };
    }
    return { ...state, lastError: rejected ? undefined : messageOf(profile.error) };
  }

  private signedOut(): AccountState {
    return { status: 'signed_out', apiHost: this.deps.store.apiHost, configPath: this.deps.store.path };
  }

  private signedIn(credentials: StoredCredentials): AccountState {
    return { ...this.signedOut(), status: authMethodOf(credentials) === 'pat' ? 'pat' : 'oauth' };
  }

  private withCredentials(state: AccountState, credentials: StoredCredentials): AccountState {
    const oauth = authMethodOf(credentials) === 'oauth';
    const orgChanged = credentials.org !== undefined && credentials.org !== state.org;
    const org = orgChanged ? chooseActiveOrg(state.organizations ?? [], credentials.org) : undefined;
    return {
      ...state,
      status: oauth ? 'oauth' : 'pat',
      org: credentials.org ?? state.org,
      orgVerboseName: orgChanged
        ? org?.name === credentials.org
          ? org?.verboseName
          : undefined
        : state.orgVerboseName,
      tokenExpiresAt: oauth ? credentials.tokenExpiresAt : undefined,
      nextRefreshAtMs: oauth ? this.deps.refresher.nextRefreshAtMs : undefined,
    };
  }

  private set(next: AccountState): void {
    const clean = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)) as AccountState;
    // Compared by content: the same state built in another key order is no change.
    if (isDeepStrictEqual(clean, this.current)) return;
    this.current = clean;
    for (const listener of this.listeners) listener(clean);
  }
}

function messageOf(error: unknown): string {
  return error instanceof UserFacingError ? error.message : 'Something unexpected went wrong.';
}
