import { keychainSideOf } from '../../core/keychain/keychain-store.js';
import { readAccountStatus, type AccountStatus } from '../../core/status/account-status.js';
import { displayText, terminalJson } from '../../shared/display-text.js';
import type { CommandContext } from '../context.js';
import { describeRelative } from '../output.js';

/** `pipecat-tray status [--json]`: exit 0 when signed in, 1 when not. */
export async function statusCommand(ctx: CommandContext, options: { json: boolean }): Promise<number> {
  const nowMs = Date.now();
  const keychain = keychainSideOf(ctx.store);
  const placed = keychain ? await keychain.readPlaced() : { credentials: await ctx.store.read() };
  const status = await readAccountStatus({
    credentials: placed.credentials,
    api: ctx.api,
    apiHost: ctx.apiHost,
    configPath: ctx.configPath,
    nowMs,
  });
  if ('refreshTokenIn' in placed && placed.refreshTokenIn === 'keychain')
    status.refreshTokenInKeychain = true;
  if (options.json) ctx.output.out(terminalJson(status));
  else for (const line of formatStatus(status, nowMs, ctx.signInCommand)) ctx.output.out(line);
  return status.signedIn ? 0 : 1;
}

function formatStatus(status: AccountStatus, nowMs: number, signInCommand: string): string[] {
  if (!status.signedIn && !status.authMethod) {
    return [`Not signed in to ${status.apiHost}.`, `Run \`${signInCommand}\` to sign in.`];
  }
  const lines = [
    status.signedIn
      ? `Signed in as ${displayText(status.email ?? status.userId ?? 'unknown user')}`
      : 'Signed out',
  ];
  const row = (label: string, value: string): void => void lines.push(`  ${label.padEnd(14)}${value}`);
  row('Method', status.authMethod === 'pat' ? 'Personal access token' : 'OAuth (browser sign-in)');
  if (status.refreshTokenInKeychain) row('Refresh token', 'in the system keychain');
  if (status.org) {
    const org = displayText(status.org);
    row('Organization', status.orgVerboseName ? `${displayText(status.orgVerboseName)} (${org})` : org);
  }
  if (status.tokenExpiresAt !== undefined) {
    const at = status.tokenExpiresAt * 1000;
    const when = new Date(at).toISOString().replace(/\.\d+Z$/, 'Z');
    row('Token', `${at > nowMs ? 'expires' : 'expired'} ${describeRelative(at, nowMs)} (${when})`);
  } else {
    row('Token', 'does not expire on a schedule');
  }
  row('API host', status.apiHost);
  row('Credentials', status.configPath);
  if (status.problem) lines.push('', status.problem);
  return lines;
}
