import { describeRefreshOutcome } from '../../core/actions/refresh-message.js';
import { accountRuntimeFor, type CommandContext } from '../context.js';
import { reportOutcome } from '../outcome.js';

/**
 * `pipecat-tray refresh`: one refresh now, under the app's lock, exactly as the tray's "Refresh
 * now" does. Neither the session nor its timers are started: this is a one-shot. Exit 0 when the
 * file holds a fresh access token afterwards, 1 otherwise.
 */
export async function refreshCommand(ctx: CommandContext): Promise<number> {
  const runtime = accountRuntimeFor(ctx);
  return reportOutcome(ctx.output, describeRefreshOutcome(await runtime.refresher.refreshNow()));
}
