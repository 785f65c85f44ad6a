import { PipecatApi } from '../../core/api/pipecat-api.js';
import { signOut } from '../../core/actions/sign-out.js';
import { dashboardHostFrom } from '../../core/api/account.js';
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
    revoke: revocationAttempt({ api: new PipecatApi(ctx.apiHost, ctx.fetch), provider }),
    retriesInBackground: false,
    dashboardHost: dashboardHostFrom(process.env),
  });
  if (result.removed) ctx.output.out(result.message);
  else ctx.output.err(result.message);
  return result.removed ? 0 : 1;
}
