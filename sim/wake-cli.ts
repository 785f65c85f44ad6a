/**
 * A `pcc` command run on waking, with its real duration (issue 11): the CLI reads the file once
 * when it starts (after Python's start-up), and if fewer than 60 s are left it makes three
 * requests (discovery twice, then the token with the refresh token it read) and writes the answer
 * at the end. The app's timers run meanwhile, so the app can refresh inside that window: the
 * provider then sees one refresh token twice and revokes the grant.
 */
import type { StoredCredentials } from '../main/core/credentials/index.js';
import { CLI_REFRESH_WINDOW_SECONDS } from '../main/core/session/refresh-policy.js';
import { RefreshFailure } from '../main/core/session/token-refresh.js';
import type { TokenSet } from '../main/core/sign-in/exchange-code.js';
import type { FakeCredentialsStore } from '../tests/unit/support/fake-credentials.js';
import type { VirtualClock } from '../tests/unit/support/virtual-clock.js';

export interface WakeCliWorld {
  clock: VirtualClock;
  file: FakeCredentialsStore;
  request(refreshToken: string): Promise<TokenSet>;
  /** While true the command is between its read and its write (what a /proc scan would see). */
  setRunning(running: boolean): void;
  /** After its write: the app's file watcher. */
  onWrite(): void;
}

export interface WakeCliTiming {
  /** From the command's start to its read of the file (Python's start-up). */
  startupMs: number;
  /** One request's round trip. */
  requestMs: number;
}

export type WakeCliResult =
  | { kind: 'no_refresh'; read: StoredCredentials | undefined }
  | { kind: 'refreshed'; read: StoredCredentials; written: StoredCredentials }
  | { kind: 'refused'; read: StoredCredentials }
  | { kind: 'offline'; read: StoredCredentials };

/** Seeded timing: start-up 0.2-1 s, each request 50-600 ms (a real network, not loopback). */
export function wakeCliTiming(random: () => number): WakeCliTiming {
  return { startupMs: Math.floor(200 + random() * 800), requestMs: Math.floor(50 + random() * 550) };
}

export function wait(clock: VirtualClock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

/** Runs on the virtual clock: whoever advances it drives the command. */
export async function runWakeCli(world: WakeCliWorld, timing: WakeCliTiming): Promise<WakeCliResult> {
  await wait(world.clock, timing.startupMs);
  const read = world.file.peek();
  const left = read ? read.tokenExpiresAt - world.clock.now() / 1000 : Infinity;
  if (!read || read.refreshToken === '' || left >= CLI_REFRESH_WINDOW_SECONDS)
    return { kind: 'no_refresh', read };
  world.setRunning(true);
  try {
    await wait(world.clock, 2 * timing.requestMs);
    let tokens: TokenSet;
    try {
      tokens = await world.request(read.refreshToken);
    } catch (error) {
      const refused = error instanceof RefreshFailure && error.kind === 'invalid_grant';
      return { kind: refused ? 'refused' : 'offline', read };
    }
    await wait(world.clock, timing.requestMs);
    const again = world.file.peek();
    const written: StoredCredentials = {
      token: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      tokenExpiresAt: tokens.expiresAt,
      ...(again?.org === undefined ? {} : { org: again.org }),
    };
    world.file.externalWrite(written);
    world.onWrite();
    return { kind: 'refreshed', read, written };
  } finally {
    world.setRunning(false);
  }
}
