import { describeState, type AccountState } from '../../core/session/account-state.js';
import { acquireInstanceLock } from '../../core/session/instance-lock.js';
import { watchWallClockJumps } from '../../core/session/wall-clock-jumps.js';
import type { RefreshOutcome } from '../../core/session/refresher.js';
import { accountRuntimeFor, type CommandContext } from '../context.js';
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
  const runtime = accountRuntimeFor(ctx, { watchFile: true });
  let last: string | undefined;
  const logState = (state: AccountState): void => {
    // An error state's description already is its lastError.
    const detail = state.lastError && state.status !== 'error' ? ` (${state.lastError})` : '';
    const line = describeState(state) + detail;
    if (line !== last) log(line);
    last = line;
  };
  const stopLogging = runtime.refresher.onOutcome((outcome) => {
    const line = describeOutcome(outcome, runtime.refresher.nextRefreshAtMs);
    if (line) log(line);
  });
  const stopRevoking = revokeSessionsSignedOutElsewhere(runtime, log);

  log(`daemon started (pid ${process.pid}) for ${ctx.apiHost}, credentials ${ctx.configPath}`);
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
  // Subscribed once the file has been read: the first line is the real state, "signed out" too
  // (the state before start() is only "nothing read yet", and looks the same).
  const unsubscribe = runtime.session.subscribe(logState);
  const signal = await stopped;
  clearInterval(keepAlive);
  stopWatchingClock();
  stopLogging();
  stopRevoking();
  unsubscribe();
  runtime.session.stop();
  await release();
  log(`daemon stopped (${signal})`);
  return 0;
}

function describeOutcome(outcome: RefreshOutcome, nextMs: number | undefined): string | undefined {
  const next = nextMs === undefined ? '' : `; next check ${describeRelative(nextMs, Date.now())}`;
  switch (outcome.kind) {
    case 'refreshed':
      return `refreshed the access token${next}`;
    case 'adopted':
      return `took the newer token written by another program${next}`;
    case 'expired':
      return 'the refresh token was refused: the session is over, sign in again';
    case 'failed':
      return `refresh failed: ${outcome.failure.message}${next}`;
    case 'file_error':
      return `cannot use the credentials file right now; waiting for it to be fixed`;
    default:
      return undefined;
  }
}
