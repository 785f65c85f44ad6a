import type { DevelopmentServerLoader } from '../core/development-server.js';
import { UserFacingError } from '../core/errors.js';
import { APP_VERSION } from '../core/version.js';
import { parseCommandLine, USAGE, type CommandName, type GlobalFlags } from './args.js';
import { createContext, type CommandContext } from './context.js';
import type { Output } from './output.js';

type CommandRunner = (ctx: CommandContext, flags: GlobalFlags) => Promise<number>;

/**
 * Each command's code loads when it runs: the daemon, which stays resident, never loads the sign-in
 * server, the pages, doctor or the prompt.
 */
const COMMAND_RUNNERS: Record<CommandName, CommandRunner> = {
  login: async (ctx, flags) =>
    (await import('./commands/login.js')).loginCommand(ctx, {
      noBrowser: flags.noBrowser,
      device: flags.device,
    }),
  keychain: async (ctx, flags) =>
    (await import('./commands/keychain.js')).keychainCommand(ctx, { to: flags.keychainTo ?? 'on' }),
  status: async (ctx, flags) =>
    (await import('./commands/status.js')).statusCommand(ctx, { json: flags.json }),
  'use-pat': async (ctx) => (await import('./commands/use-pat.js')).usePatCommand(ctx),
  orgs: async (ctx, flags) => (await import('./commands/orgs.js')).orgsCommand(ctx, { use: flags.use }),
  logout: async (ctx) => (await import('./commands/logout.js')).logoutCommand(ctx),
  refresh: async (ctx) => (await import('./commands/refresh.js')).refreshCommand(ctx),
  daemon: async (ctx) => (await import('./commands/daemon.js')).daemonCommand(ctx),
  doctor: async (ctx, flags) =>
    (await import('./commands/doctor.js')).doctorCommand(ctx, {
      json: flags.json,
      env: process.env,
      sandbox: flags.sandbox,
    }),
  token: async (ctx, flags) =>
    (await import('./commands/token.js')).tokenCommand(ctx, { minValidMs: flags.minValidMs }),
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
