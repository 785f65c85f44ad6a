import { displayName, organizationLabel } from '../../core/api/types.js';
import { CallbackPaste } from '../../core/sign-in/callback-paste.js';
import { signIn, SignInAbortedError, type SignInResult } from '../../core/sign-in/sign-in.js';
import type { CommandContext } from '../context.js';
import { PASTE_HINT, readPastedAddresses } from '../paste-reader.js';
import type { LineInput } from '../read-lines.js';
import { deviceSignIn } from './login-device.js';
import { KEEP_RUNNING_NOTE } from './keychain.js';

export interface LoginOptions {
  noBrowser: boolean;
  /** Sign in with a code on another device (the device authorization grant) instead. */
  device?: boolean;
  /** Where `--no-browser` reads a pasted address from; standard input by default. */
  input?: LineInput;
}

/** `pipecat-tray login`: the browser sign-in (or `--device`), Ctrl-C to cancel. Returns the exit code. */
export async function loginCommand(ctx: CommandContext, options: LoginOptions): Promise<number> {
  const cancel = new AbortController();
  const onInterrupt = (): void => {
    if (cancel.signal.aborted) process.exit(130);
    cancel.abort();
  };
  process.on('SIGINT', onInterrupt);
  if (ctx.keychain.unavailable) ctx.output.err(ctx.keychain.unavailable);
  try {
    const result = options.device
      ? await deviceSignIn(ctx, cancel.signal)
      : await browserSignIn(ctx, options, cancel.signal);
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

/**
 * Opens the browser (or, with `--no-browser`, only prints the link and also takes the address the
 * browser ended on pasted back, for a browser on another machine).
 */
async function browserSignIn(
  ctx: CommandContext,
  options: LoginOptions,
  signal: AbortSignal,
): Promise<SignInResult> {
  const paste = options.noBrowser ? new CallbackPaste() : undefined;
  const done = new AbortController();
  try {
    return await signIn(
      {
        fetch: ctx.fetch,
        credentials: ctx.store,
        openUrl: options.noBrowser ? async () => undefined : ctx.openUrl,
      },
      {
        apiHost: ctx.apiHost,
        allowInsecureLoopback: ctx.allowInsecureLoopback,
        signal,
        ...(paste ? { paste } : {}),
        onAuthorizeUrl: (url) => {
          ctx.output.out(
            paste
              ? 'Open this link in your browser to sign in to Pipecat Cloud:'
              : 'Opening your browser to sign in to Pipecat Cloud. If it does not open, visit:',
          );
          ctx.output.out(`  ${url}`);
          if (paste) ctx.output.out(PASTE_HINT);
          ctx.output.out('Waiting for the browser… (Ctrl-C to cancel)');
          if (paste) void readPastedAddresses(paste, options.input ?? process.stdin, ctx.output, done.signal);
        },
        onBrowserOpenFailed: () =>
          ctx.output.err('Could not open a browser here; open the link above on this machine instead.'),
      },
    );
  } finally {
    done.abort();
  }
}
