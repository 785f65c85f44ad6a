import { signOut } from '../../core/actions/sign-out.js';
import type { CommandContext } from '../context.js';
import { dashboardHostFrom } from '../../core/api/account.js';
import { reportOutcome } from '../outcome.js';

/**
 * `pipecat-tray logout`: removes this host's credentials (org tables stay) and revokes an OAuth
 * session. Exit 0 whenever credentials were removed, even if the revocation was not confirmed
 * (the message says so); 1 when there was nothing to sign out of.
 */
export async function logoutCommand(ctx: CommandContext): Promise<number> {
  const result = await signOut({
    store: ctx.store,
    api: ctx.api,
    dashboardHost: dashboardHostFrom(process.env),
  });
  return reportOutcome(ctx.output, { ok: result.removed, message: result.message });
}
