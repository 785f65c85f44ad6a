import { parseArgs } from 'node:util';
import { UserFacingError } from '../core/errors.js';

export const COMMANDS = ['login', 'status', 'daemon'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface GlobalFlags {
  apiHost: string | undefined;
  config: string | undefined;
  sandbox: boolean;
  allowHttpLoopback: boolean;
  json: boolean;
  noBrowser: boolean;
}

export type ParsedCommandLine =
  { kind: 'help' } | { kind: 'version' } | { kind: 'command'; command: CommandName; flags: GlobalFlags };

export const USAGE = `Usage: pipecat-tray <command> [options]

Commands:
  login          Sign in to Pipecat Cloud in your browser (OAuth2 + PKCE)
  status         Show who is signed in, how, and in which organization
  daemon         Keep the credentials fresh in the background (the tray's headless twin)

Options:
  --api-host URL     Pipecat Cloud API host (default: $PIPECAT_API_HOST or https://api.pipecat.daily.co)
  --config PATH      Credentials file (default: $PIPECAT_CONFIG_PATH or ~/.config/pipecatcloud/pipecatcloud.toml)
  --sandbox          Use the local identity server (npm run sandbox); never touches your real credentials
  --no-browser       login: print the sign-in link instead of opening a browser
  --json             status: print JSON
  -h, --help         Show this help
  -v, --version      Show the version`;

export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        'api-host': { type: 'string' },
        config: { type: 'string' },
        sandbox: { type: 'boolean', default: false },
        'allow-http-loopback': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        'no-browser': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    throw new UserFacingError(
      `${(error as Error).message.split('\n')[0]} (see pipecat-tray --help).`,
      'usage',
    );
  }
  const { values, positionals } = parsed;
  if (values.version) return { kind: 'version' };
  if (values.help || positionals.length === 0) return { kind: 'help' };
  const [name, ...extra] = positionals;
  if (!COMMANDS.includes(name as CommandName)) {
    throw new UserFacingError(`Unknown command ${JSON.stringify(name)} (see pipecat-tray --help).`, 'usage');
  }
  if (extra.length > 0) {
    throw new UserFacingError(
      `Unexpected argument ${JSON.stringify(extra[0])} (see pipecat-tray --help).`,
      'usage',
    );
  }
  return {
    kind: 'command',
    command: name as CommandName,
    flags: {
      apiHost: values['api-host'],
      config: values.config,
      sandbox: values.sandbox,
      allowHttpLoopback: values['allow-http-loopback'],
      json: values.json,
      noBrowser: values['no-browser'],
    },
  };
}
