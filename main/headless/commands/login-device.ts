import type { DevicePrompt } from '../../core/sign-in/device-authorization.js';
import { signInWithDeviceCode } from '../../core/sign-in/device-sign-in.js';
import type { SignInResult } from '../../core/sign-in/sign-in.js';
import { displayText } from '../../shared/display-text.js';
import type { CommandContext } from '../context.js';
import { describeRelative, type Output } from '../output.js';

/** `login --device`: sign in on any other device with a code (RFC 8628); no browser or port here. */
export function deviceSignIn(ctx: CommandContext, signal: AbortSignal): Promise<SignInResult> {
  return signInWithDeviceCode(
    { fetch: ctx.fetch, credentials: ctx.store },
    {
      apiHost: ctx.apiHost,
      allowInsecureLoopback: ctx.allowInsecureLoopback,
      signal,
      onDevicePrompt: (prompt) => printDevicePrompt(ctx.output, prompt),
    },
  );
}

export function printDevicePrompt(output: Output, prompt: DevicePrompt): void {
  output.out('To sign in to Pipecat Cloud, open this page in a browser on any device:');
  output.out(`  ${displayText(prompt.verificationUri)}`);
  output.out('and enter this code:');
  output.out(`  ${displayText(prompt.userCode)}`);
  if (prompt.verificationUriComplete) {
    output.out('Or open this link, which has the code filled in:');
    output.out(`  ${displayText(prompt.verificationUriComplete)}`);
  }
  const now = Date.now();
  const expiry = describeRelative(now + prompt.expiresInSeconds * 1000, now);
  output.out(`Waiting for you to approve… (Ctrl-C to cancel; the code expires ${expiry})`);
}
