import { describeRefreshOutcome } from '../../core/actions/refresh-message.js';
import type { StoredCredentials } from '../../core/credentials/index.js';
import { UserFacingError } from '../../core/errors.js';
import { authMethodOf } from '../../core/status/account-status.js';
import { accountRuntimeFor, type CommandContext } from '../context.js';

/**
 * `pipecat-tray token`: only the access token on stdout, valid for at least `minValidMs`, for
 * scripts (like `gh auth token`). Refreshes first when needed, under the same lock and protocol as
 * the refresher, so many parallel calls make one request. Never opens a browser.
 */
export async function tokenCommand(ctx: CommandContext, options: { minValidMs: number }): Promise<number> {
  const credentials = await ctx.store.read();
  if (!credentials || credentials.token === '') {
    throw new UserFacingError(
      `Not signed in to ${ctx.apiHost}: sign in with \`${ctx.signInCommand}\` first.`,
      'not_signed_in',
    );
  }
  if (authMethodOf(credentials) === 'pat' || validForMs(credentials) >= options.minValidMs) {
    return print(ctx, credentials);
  }
  const outcome = await accountRuntimeFor(ctx).refresher.ensureValidFor(options.minValidMs);
  if (
    'credentials' in outcome &&
    outcome.credentials &&
    validForMs(outcome.credentials) >= options.minValidMs
  ) {
    return print(ctx, outcome.credentials);
  }
  const report = describeRefreshOutcome(outcome);
  throw new UserFacingError(
    report.ok
      ? 'The access token cannot be made valid for that long: the provider issues shorter-lived tokens.'
      : report.message,
    'no_token',
  );
}

function validForMs(credentials: StoredCredentials): number {
  return credentials.tokenExpiresAt * 1000 - Date.now();
}

function print(ctx: CommandContext, credentials: StoredCredentials): number {
  ctx.output.out(credentials.token);
  return 0;
}
