import type { DevelopmentServerLoader } from '../core/development-server.js';
import { UserFacingError } from '../core/errors.js';
import { APP_VERSION } from '../core/version.js';
import { parseCommandLine, USAGE, type CommandName, type GlobalFlags } from './args.js';
import { daemonCommand } from './commands/daemon.js';
import { doctorCommand } from './commands/doctor.js';
import { loginCommand } from './commands/login.js';
import { logoutCommand } from './commands/logout.js';
import { orgsCommand } from './commands/orgs.js';
import { refreshCommand } from './commands/refresh.js';
import { statusCommand } from './commands/status.js';
import { usePatCommand } from './commands/use-pat.js';
import { createContext, type CommandContext } from './context.js';
import type { Output } from './output.js';

const COMMAND_RUNNERS: Record<CommandName, (ctx: CommandContext, flags: GlobalFlags) => Promise<number>> = {
  login: (ctx, flags) => loginCommand(ctx, { noBrowser: flags.noBrowser, device: flags.device }),
  status: (ctx, flags) => statusCommand(ctx, { json: flags.json }),
  'use-pat': (ctx) => usePatCommand(ctx),
  orgs: (ctx, flags) => orgsCommand(ctx, { use: flags.use }),
  logout: (ctx) => logoutCommand(ctx),
  refresh: (ctx) => refreshCommand(ctx),
  daemon: (ctx) => daemonCommand(ctx),
  doctor: (ctx, flags) => doctorCommand(ctx, { json: flags.json, env: process.env }),
};

/** What an entry point adds to the shipped command: the sandbox, in a source checkout. */
export interface EntryHooks {
  developmentServer?: DevelopmentServerLoader;
}

/** Runs one command line; returns the exit code. Never throws, never prints a stack by default. */
export async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  output: Output,
  hooks: EntryHooks = {},
): Promise<number> {
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.kind === 'help') {
      output.out(USAGE);
      return 0;
    }
    if (parsed.kind === 'version') {
      output.out(`pipecat-tray ${APP_VERSION}`);
      return 0;
    }
    const ctx = await createContext(parsed.flags, env, output, hooks.developmentServer);
    return await COMMAND_RUNNERS[parsed.command](ctx, parsed.flags);
  } catch (error) {
    if (error instanceof UserFacingError) {
      output.err(error.message);
      return error.code === 'usage' ? 2 : 1;
    }
    output.err(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    if (env['PIPECAT_TRAY_DEBUG'] && error instanceof Error && error.stack) output.err(error.stack);
    else output.err('Set PIPECAT_TRAY_DEBUG=1 for details, and please report it.');
    return 70;
  }
}
