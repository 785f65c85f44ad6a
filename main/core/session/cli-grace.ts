/**
 * The wake grace (issue 11): after a sleep, the app and a CLI command started on waking may both
 * find an expired token and refresh it with the same refresh token; the provider treats the
 * second as a replay and revokes the grant. The CLI takes no lock and reads the file once, so the
 * app cannot stop it: it leaves such a token alone for a while, adopting whatever the CLI writes
 * (the session's file watcher calls checkNow), and refreshes only when the file still holds the
 * refresh token it waited on and no CLI command for this file is running.
 */

export interface CliGraceOptions {
  /** How long a late token is left to a CLI command that may be refreshing it (ms); 0: never. */
  graceMs: number;
  /** Whether a CLI command for this credentials file runs now; absent where that cannot be told. */
  cliRunning?: () => Promise<boolean>;
  /** How long, from the start of the grace, running CLI commands may keep holding the refresh back. */
  maxWaitMs: number;
  /** How often to look again while one runs. */
  pollMs: number;
}

/**
 * Several times what one CLI refresh took against the sandbox under load (0.4-2.1 s from the
 * command's start to its write, Python's start-up included; the three requests about 20 ms on
 * loopback), with room for a slow network.
 */
export const DEFAULT_CLI_GRACE: CliGraceOptions = { graceMs: 10_000, maxWaitMs: 60_000, pollMs: 1_000 };

/**
 * Where running commands cannot be seen (no /proc: macOS, Windows) the refresh at the grace's end
 * may meet a command started just before it; the later that end, the fewer commands start then
 * (the year-long simulation: 97 sign-outs per 100 years with 10 s, see README).
 */
export const BLIND_CLI_GRACE: CliGraceOptions = { ...DEFAULT_CLI_GRACE, graceMs: 60_000 };

interface Hold {
  refreshToken: string;
  startedMs: number;
  untilMs: number;
}

export class CliGrace {
  private hold: Hold | undefined;

  constructor(private readonly options: CliGraceOptions) {}

  /**
   * For a refresh that may race the CLI: when to look again, or undefined to refresh now. The
   * grace runs once per refresh token, so retries after a failed refresh are not held again.
   */
  async holdUntil(refreshToken: string, nowMs: number): Promise<number | undefined> {
    const { graceMs, maxWaitMs, pollMs } = this.options;
    if (graceMs <= 0) return undefined;
    const hold = this.hold;
    // A new token, or the clock was set back: start over rather than wait for a moment far away.
    if (hold?.refreshToken !== refreshToken || nowMs < hold.startedMs) {
      this.hold = { refreshToken, startedMs: nowMs, untilMs: nowMs + graceMs };
      return this.hold.untilMs;
    }
    if (nowMs < hold.untilMs) return hold.untilMs;
    if (nowMs - hold.startedMs < maxWaitMs && (await this.options.cliRunning?.())) {
      hold.untilMs = nowMs + pollMs;
      return hold.untilMs;
    }
    return undefined;
  }
}
