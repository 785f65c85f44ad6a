import { displayName, organizationLabel } from '../../core/api/types.js';
import { usePersonalAccessToken } from '../../core/actions/use-personal-access-token.js';
import type { CommandContext } from '../context.js';
import { dashboardHostFrom } from '../../core/api/account.js';
import { readSecret, SecretEntryCancelled } from '../read-secret.js';

const PROMPT = 'Personal access token';

/**
 * `pipecat-tray use-pat`: the token comes from a no-echo prompt, or one line of piped stdin; never
 * from the command line (args.ts refuses one there). The prompt goes to stderr, never stdout
 * (scripts read stdout). Exit 130 when the prompt is cancelled.
 */
export async function usePatCommand(ctx: CommandContext): Promise<number> {
  let pat: string;
  try {
    pat = await readSecret(process.stdin, process.stderr, PROMPT);
  } catch (error) {
    if (!(error instanceof SecretEntryCancelled)) throw error;
    ctx.output.err('Cancelled; nothing was saved.');
    return 130;
  }
  const account = await usePersonalAccessToken(
    {
      store: ctx.store,
      api: ctx.api,
      dashboardHost: dashboardHostFrom(process.env),
    },
    pat,
  );
  const { activeOrg: org } = account;
  ctx.output.out(
    `Signed in as ${displayName(account.user)} · ${organizationLabel(org)} with a personal access token`,
  );
  ctx.output.out(`Credentials saved to ${ctx.configPath}`);
  return 0;
}
