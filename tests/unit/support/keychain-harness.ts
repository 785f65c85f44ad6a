/**
 * A real VaultedCredentialsStore on a real temp file, with a MemoryVault, a FakeProvider and a
 * real Refresher over them: the keychain mode as the daemon wires it, minus the OS keychain.
 */
import { writeFile } from 'node:fs/promises';
import type { LogoutOutcome } from '../../../main/core/api/logout.js';
import {
  CredentialsStore,
  DEFAULT_API_HOST,
  type StoredCredentials,
} from '../../../main/core/credentials/index.js';
import type { KeychainMode } from '../../../main/core/keychain/reconcile-plan.js';
import { VaultedCredentialsStore, type KeychainEvent } from '../../../main/core/keychain/vaulted-store.js';
import type { Refresher } from '../../../main/core/session/refresher.js';
import { readToml } from '../credentials-helpers.js';
import { FakeLock } from './fake-credentials.js';
import { FakeProvider } from './fake-provider.js';
import { MemoryVault } from './memory-vault.js';
import { refresherOverFakes } from './refresher-over-fakes.js';
import { VirtualClock } from './virtual-clock.js';

export interface KeychainHarness {
  file: string;
  apiHost: string;
  clock: VirtualClock;
  provider: FakeProvider;
  vault: MemoryVault;
  store: VaultedCredentialsStore;
  /** The file as the CLI sees it: no vault. */
  cliView: CredentialsStore;
  refresher: Refresher;
  events: KeychainEvent[];
  /** Every `/auth/logout` the store asked for. */
  revocations: Array<{ accessToken: string; refreshToken: string }>;
  /** What `/auth/logout` answers (revoked by default, and the fake provider kills the grant). */
  logoutAnswer: LogoutOutcome;
  /** A new store and refresher on the same file and vault: the process restarted. */
  restart(mode?: KeychainMode): KeychainHarness;
}

export function keychainHarness(
  file: string,
  mode: KeychainMode,
  options: { apiHost?: string; clock?: VirtualClock; provider?: FakeProvider; vault?: MemoryVault } = {},
): KeychainHarness {
  const apiHost = options.apiHost ?? DEFAULT_API_HOST;
  const clock = options.clock ?? new VirtualClock({ seed: 7 });
  const provider = options.provider ?? new FakeProvider({ clock });
  const vault = options.vault ?? new MemoryVault();
  const events: KeychainEvent[] = [];
  const revocations: KeychainHarness['revocations'] = [];
  const answer = { current: { kind: 'revoked', status: 200 } as LogoutOutcome };
  const store = new VaultedCredentialsStore({
    path: file,
    apiHost,
    vault,
    mode,
    revoke: async (accessToken, refreshToken) => {
      revocations.push({ accessToken, refreshToken });
      if (answer.current.kind === 'revoked') provider.revokeGrantOf(refreshToken);
      return answer.current;
    },
    onEvent: (event) => events.push(event),
  });
  return {
    file,
    apiHost,
    clock,
    provider,
    vault,
    store,
    events,
    revocations,
    get logoutAnswer() {
      return answer.current;
    },
    set logoutAnswer(outcome: LogoutOutcome) {
      answer.current = outcome;
    },
    cliView: new CredentialsStore({ path: file, apiHost }),
    refresher: refresherOverFakes({ store, provider, lock: new FakeLock(), clock }),
    restart: (next = mode) => keychainHarness(file, next, { apiHost, clock, provider, vault }),
  };
}

/** Every `refresh_token` value anywhere in the file (top level and every table). */
export async function refreshTokensInFile(file: string): Promise<string[]> {
  const found: string[] = [];
  const visit = (table: Record<string, unknown>): void => {
    for (const [key, value] of Object.entries(table)) {
      if (key === 'refresh_token' && typeof value === 'string') found.push(value);
      else if (typeof value === 'object' && value !== null) visit(value as Record<string, unknown>);
    }
  };
  visit(await readToml(file));
  return found;
}

/** Writes `creds` as the CLI's login does: top-level keys, refresh token in the file. */
export async function cliLogin(file: string, creds: StoredCredentials): Promise<void> {
  const lines = [
    `token = "${creds.token}"`,
    `refresh_token = "${creds.refreshToken}"`,
    `token_expires_at = ${creds.tokenExpiresAt.toFixed(3)}`,
    `org = "${creds.org ?? 'acme'}"`,
    '',
    `[${creds.org ?? 'acme'}]`,
    '',
  ];
  await writeFile(file, lines.join('\n'), { mode: 0o600 });
}
