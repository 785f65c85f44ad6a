import { parseArgs } from 'node:util';
import { UserFacingError } from '../core/errors.js';
import { PAT_PREFIX } from '../shared/pat.js';
import { parseDurationArg } from './duration-arg.js';

export const COMMANDS = [
  'login',
  'status',
  'use-pat',
  'orgs',
  'logout',
  'refresh',
  'daemon',
  'doctor',
  'token',
  'keychain',
] as const;
export type CommandName = (typeof COMMANDS)[number];

/** `token` without --min-valid: long enough for a script's next few requests. */
const DEFAULT_MIN_VALID_MS = 5 * 60_000;

export interface GlobalFlags {
  apiHost: string | undefined;
  config: string | undefined;
  sandbox: boolean;
  allowHttpLoopback: boolean;
  json: boolean;
  noBrowser: boolean;
  /** login: sign in with a code on another device (RFC 8628 device authorization grant). */
  device: boolean;
  /** orgs: the organization to make active. */
  use: string | undefined;
  /** token: how long the printed access token must stay valid, in milliseconds. */
  minValidMs: number;
  /** daemon, login: keep the refresh token in the system keychain. */
  keychain?: boolean;
  /** keychain: turn the setting on or off for the file's session. */
  keychainTo?: 'on' | 'off' | undefined;
}

export type ParsedCommandLine =
  { kind: 'help' } | { kind: 'version' } | { kind: 'command'; command: CommandName; flags: GlobalFlags };

export const USAGE = `Usage: pipecat-tray <command> [options]

Commands:
  login          Sign in to Pipecat Cloud in your browser (OAuth2 + PKCE)
  status         Show who is signed in, how, and in which organization
  use-pat        Sign in with a personal access token (typed at a hidden prompt, or piped on stdin)
  orgs           List your organizations; --use NAME makes NAME the active one
  logout         Sign out: revoke the session and remove this host's credentials (org settings stay)
  refresh        Refresh the access token now
  daemon         Keep the credentials fresh in the background (the tray's headless twin)
  doctor         Check ports, the credentials file, the CLI, the network, the clock and the desktop
  token          Print only the access token, refreshed first if needed (for scripts)
  keychain on|off  Move the refresh token into the system keychain, or back into the credentials file

Options:
  --api-host URL     Pipecat Cloud API host (default: $PIPECAT_API_HOST or https://api.pipecat.daily.co)
  --config PATH      Credentials file (default: $PIPECAT_CONFIG_PATH or ~/.config/pipecatcloud/pipecatcloud.toml)
  --sandbox          Use the local identity server (npm run sandbox, source checkouts only); never touches your real credentials
  --allow-http-loopback  Development only: accept an http:// API host on 127.0.0.1
  --no-browser       login: print the sign-in link instead of opening a browser, and take the address the browser ends on pasted back
  --device           login: sign in on another device with a code (when the identity provider offers it)
  --json             status, doctor: print JSON
  --use NAME         orgs: switch the active organization to NAME
  --min-valid TIME   token: valid for at least TIME, e.g. 90s, 5m, 1h (default 5m)
  --keychain         daemon, login: keep the refresh token in the system keychain, not in the file
  -h, --help         Show this help
  -v, --version      Show the version`;

const OPTIONS = {
  'api-host': { type: 'string' },
  config: { type: 'string' },
  sandbox: { type: 'boolean', default: false },
  'allow-http-loopback': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  'no-browser': { type: 'boolean', default: false },
  device: { type: 'boolean', default: false },
  use: { type: 'string' },
  'min-valid': { type: 'string' },
  keychain: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

type OptionValues = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    throw new UserFacingError(`${describeParseError(error)} (see pipecat-tray --help).`, 'usage');
  }
  const { values, positionals } = parsed;
  if (values.version) return { kind: 'version' };
  if (values.help || positionals.length === 0) return { kind: 'help' };
  const [name, ...extra] = positionals;
  const keychainTo = name === 'keychain' ? keychainSwitch(extra.shift()) : undefined;
  const command = checkCommand(name, extra, values);
  return { kind: 'command', command, flags: { ...flagsFrom(values), keychainTo } };
}

/** The command name, once it is known and its words and options go together. */
function checkCommand(name: string | undefined, extra: readonly string[], values: OptionValues): CommandName {
  if (!COMMANDS.includes(name as CommandName)) {
    throw new UserFacingError(`Unknown command ${quoted(name)} (see pipecat-tray --help).`, 'usage');
  }
  if (name === 'use-pat' && extra.length > 0) {
    throw new UserFacingError(
      'use-pat takes no arguments: a token on the command line leaks into shell history and process lists, so type it at the prompt or pipe it on stdin.',
      'usage',
    );
  }
  if (extra.length > 0) {
    throw new UserFacingError(`Unexpected argument ${quoted(extra[0])} (see pipecat-tray --help).`, 'usage');
  }
  if (values.keychain && name !== 'daemon' && name !== 'login') {
    throw new UserFacingError(
      '--keychain only goes with daemon and login (see pipecat-tray --help).',
      'usage',
    );
  }
  if (values.use !== undefined && name !== 'orgs') {
    throw new UserFacingError('--use only goes with orgs (see pipecat-tray --help).', 'usage');
  }
  if (values['min-valid'] !== undefined && name !== 'token') {
    throw new UserFacingError('--min-valid only goes with token (see pipecat-tray --help).', 'usage');
  }
  return name as CommandName;
}

function flagsFrom(values: OptionValues): GlobalFlags {
  return {
    apiHost: values['api-host'],
    config: values.config,
    sandbox: values.sandbox,
    allowHttpLoopback: values['allow-http-loopback'],
    json: values.json,
    noBrowser: values['no-browser'],
    device: values.device,
    use: values.use,
    minValidMs:
      values['min-valid'] === undefined
        ? DEFAULT_MIN_VALID_MS
        : parseDurationArg('--min-valid', values['min-valid']),
    keychain: values.keychain,
  };
}

function keychainSwitch(word: string | undefined): 'on' | 'off' {
  if (word === 'on' || word === 'off') return word;
  throw new UserFacingError('keychain takes on or off (see pipecat-tray --help).', 'usage');
}

/**
 * node:util's parseArgs explains itself in developer terms (and, for an unknown option, with an
 * unbalanced quote): say what is wrong with the option instead.
 */
function describeParseError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `Unknown option ${quoted(option)}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return message.includes('argument missing') ? `${option} needs a value` : `${option} takes no value`;
  }
  return 'Could not read the command line';
}

/** An argument quoted for an error message; a personal access token typed by mistake is not repeated. */
function quoted(arg: string | undefined): string {
  return arg?.includes(PAT_PREFIX) ? 'that looks like a personal access token' : JSON.stringify(arg);
}
