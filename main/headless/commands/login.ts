import { displayName, organizationLabel } from '../../core/api/types.js';
import { signIn, SignInAbortedError } from '../../core/sign-in/sign-in.js';
import type { CommandContext } from '../context.js';
import { KEEP_RUNNING_NOTE } from './keychain.js';

/** `pipecat-tray login`: the browser sign-in, Ctrl-C to cancel. Returns the exit code. */
export async function loginCommand(ctx: CommandContext, options: { noBrowser: boolean }): Promise<number> {
  const cancel = new AbortController();
  const onInterrupt = (): void => {
    if (cancel.signal.aborted) process.exit(130);
    cancel.abort();
  };
  process.on('SIGINT', onInterrupt);
  if (ctx.keychain.unavailable) ctx.output.err(ctx.keychain.unavailable);
  try {
    const result = await signIn(
      {
        fetch: ctx.fetch,
        credentials: ctx.store,
        openUrl: options.noBrowser ? async () => undefined : ctx.openUrl,
      },
      {
        apiHost: ctx.apiHost,
        allowInsecureLoopback: ctx.allowInsecureLoopback,
        signal: cancel.signal,
        onAuthorizeUrl: (url) => {
          ctx.output.out(
            options.noBrowser
              ? 'Open this link in your browser to sign in to Pipecat Cloud:'
              : 'Opening your browser to sign in to Pipecat Cloud. If it does not open, visit:',
          );
          ctx.output.out(`  ${url}`);
          ctx.output.out('Waiting for the browser… (Ctrl-C to cancel)');
        },
        onBrowserOpenFailed: () =>
          ctx.output.err('Could not open a browser here; open the link above on this machine instead.'),
      },
    );
    const { user, activeOrg } = result.account;
    const org = activeOrg ? ` · ${organizationLabel(activeOrg)}` : '';
    ctx.output.out(`Signed in as ${displayName(user)}${org}`);
    ctx.output.out(`Credentials saved to ${ctx.configPath}`);
    if (ctx.keychain.mode === 'keep') {
      ctx.output.out('The refresh token is in the system keychain; the file keeps refresh_token = "".');
      ctx.output.out(KEEP_RUNNING_NOTE);
    }
    return 0;
  } catch (error) {
    if (error instanceof SignInAbortedError && error.reason === 'cancelled') {
      ctx.output.err('Sign-in cancelled; nothing was saved.');
      return 130;
    }
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
