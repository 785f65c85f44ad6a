import { signOut } from '../../core/actions/sign-out.js';
import { dashboardHostFrom } from '../../core/api/account.js';
import { reportOutcome } from '../outcome.js';
import { revocationAttempt } from '../../core/revocation/attempt.js';
import { ProviderCache } from '../../core/session/provider-cache.js';
import type { CommandContext } from '../context.js';

/**
 * `pipecat-tray logout`: removes this host's credentials (org tables stay) and revokes an OAuth
 * session. Exit 0 whenever credentials were removed, even if the revocation was not confirmed
 * (the message says so, and how to retry: this command ends, a daemon or the tray goes on); 1 when
 * there was nothing to sign out of.
 */
export async function logoutCommand(ctx: CommandContext): Promise<number> {
  const provider = new ProviderCache({
    apiHost: ctx.apiHost,
    fetch: ctx.fetch,
    allowInsecureLoopback: ctx.allowInsecureLoopback,
  });
  const result = await signOut({
    store: ctx.store,
    revoke: revocationAttempt({ api: ctx.api, provider }),
    retriesInBackground: false,
    dashboardHost: dashboardHostFrom(process.env),
  });
  return reportOutcome(ctx.output, { ok: result.removed, message: result.message });
}
