import { refreshLogLine } from '../../core/actions/refresh-message.js';
import { describeState, type AccountState } from '../../core/session/account-state.js';
import { acquireInstanceLock } from '../../core/lock/index.js';
import type { RefreshOutcome } from '../../core/session/refresher.js';
import { watchWallClockJumps } from '../../core/session/wall-clock-jumps.js';
import { accountRuntimeFor, type CommandContext } from '../context.js';
import { describeKeychainEvent } from '../keychain-messages.js';
import { describeRelative } from '../output.js';
import { revokeSessionsSignedOutElsewhere } from '../revocation-log.js';

/**
 * `pipecat-tray daemon`: the headless twin of the tray. Keeps the file fresh, logs each state
 * change (never a secret), one per credentials file, stops cleanly on SIGTERM / SIGINT.
 */
export async function daemonCommand(ctx: CommandContext): Promise<number> {
  const log = (line: string): void => ctx.output.out(`${new Date().toISOString()} ${line}`);
  const release = await acquireInstanceLock(ctx.configPath, ctx.apiHost, (error) =>
    log(`warning: the daemon lock was lost (${error.message}); carrying on`),
  );
  const runtime = accountRuntimeFor(ctx, {
    watchFile: true,
    onKeychainEvent: (event) => log(describeKeychainEvent(event)),
  });
  const logState = stateLogger(log);
  const stopLogging = runtime.refresher.onOutcome(outcomeLogger(runtime, log));
  const stopRevoking = revokeSessionsSignedOutElsewhere(runtime, log);

  log(`daemon started (pid ${process.pid}) for ${ctx.apiHost}, credentials ${ctx.configPath}`);
  if (ctx.keychain.unavailable) log(ctx.keychain.unavailable);
  if (ctx.keychain.mode === 'keep')
    log('keeping the refresh token in the system keychain (the file gets refresh_token = "")');
  // Refresher timers do not keep Node alive on their own; the daemon does until told to stop.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  const stopped = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
    // Nobody reads the log any more (`pipecat-tray daemon | head`): stop as a piped program does.
    ctx.output.closed?.addEventListener('abort', () => resolve('output closed'), { once: true });
  });
  await runtime.session.start();
  // The tray hears of a wake from powerMonitor; the daemon notices the wall clock jump.
  const stopWatchingClock = watchWallClockJumps(() => {
    log('the clock jumped (the machine slept or the time was set): checking the session now');
    void runtime.refresher.checkNow();
  });
  // Linux with a system bus: logind says when the machine is about to sleep (loaded only there).
  const stopWatchingSleep =
    process.platform === 'linux'
      ? (await import('../sleep-hook.js')).watchLogindSleep(async () => {
          log('the machine is about to sleep: refreshing first if the token would not outlive a long night');
          await runtime.refresher.refreshBeforeSleep();
        })
      : () => undefined;
  // Subscribed once the file has been read: the first line is the real state, "signed out" too
  // (the state before start() is only "nothing read yet", and looks the same).
  const unsubscribe = runtime.session.subscribe(logState);
  const signal = await stopped;
  clearInterval(keepAlive);
  stopWatchingClock();
  stopWatchingSleep();
  stopLogging();
  stopRevoking();
  unsubscribe();
  runtime.session.stop();
  await release();
  log(`daemon stopped (${signal})`);
  return 0;
}

/** Logs each state change once (never a secret). */
function stateLogger(log: (line: string) => void): (state: AccountState) => void {
  let last: string | undefined;
  return (state) => {
    // An error state's description already is its lastError.
    const detail = state.lastError && state.status !== 'error' ? ` (${state.lastError})` : '';
    const line = describeState(state) + detail;
    if (line !== last) log(line);
    last = line;
  };
}

/** Logs each refresh outcome worth a line; one line per wake grace, not one per look. */
function outcomeLogger(
  runtime: ReturnType<typeof accountRuntimeFor>,
  log: (line: string) => void,
): (outcome: RefreshOutcome) => void {
  let lastKind: RefreshOutcome['kind'] | undefined;
  return (outcome) => {
    const repeat = outcome.kind === 'waiting' && lastKind === 'waiting';
    lastKind = outcome.kind;
    const nextMs = runtime.refresher.nextRefreshAtMs;
    const line = repeat
      ? undefined
      : refreshLogLine(outcome, nextMs === undefined ? undefined : describeRelative(nextMs, Date.now()));
    if (line) log(line);
  };
}
