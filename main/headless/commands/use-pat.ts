import { PipecatApi } from '../../core/api/pipecat-api.js';
import { displayName, organizationLabel } from '../../core/api/types.js';
import { usePersonalAccessToken } from '../../core/actions/use-personal-access-token.js';
import type { CommandContext } from '../context.js';
import { dashboardHostFrom } from '../../core/api/account.js';
import { readSecret, SecretEntryCancelled, type SecretInput, type SecretOutput } from '../read-secret.js';

export interface UsePatIo {
  input: SecretInput;
  /** Where the prompt and the `*` go: the terminal, never stdout (scripts read stdout). */
  prompt: SecretOutput;
  env: NodeJS.ProcessEnv;
}

const PROMPT = 'Personal access token: ';

/**
 * `pipecat-tray use-pat`: the token comes from a no-echo prompt, or one line of piped stdin; never
 * from the command line (args.ts refuses one there). Exit 130 when the prompt is cancelled.
 */
export async function usePatCommand(
  ctx: CommandContext,
  io: UsePatIo = { input: process.stdin, prompt: process.stderr, env: process.env },
): Promise<number> {
  let pat: string;
  try {
    pat = await readSecret(io.input, io.prompt, PROMPT);
  } catch (error) {
    if (!(error instanceof SecretEntryCancelled)) throw error;
    ctx.output.err('Cancelled; nothing was saved.');
    return 130;
  }
  const account = await usePersonalAccessToken(
    {
      store: ctx.store,
      api: new PipecatApi(ctx.apiHost, ctx.fetch),
      dashboardHost: dashboardHostFrom(io.env),
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
