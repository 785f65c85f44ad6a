import { hostEntry } from '../credentials/host-entry.js';
import { openForReading } from '../credentials/file-io.js';
import { cannotRead, errnoCode, notARegularFile } from '../credentials/fs-errors.js';
import { readHostCredentials } from '../credentials/layout.js';
import { parseToml } from '../credentials/toml-codec.js';
import { UserFacingError } from '../errors.js';
import type { CheckResult } from './types.js';

const GROUP_OR_OTHER_BITS = 0o077;

export interface CredentialsCheckInput {
  path: string;
  apiHost: string;
  /** PIPECAT_API_HOST, if set: its spelling keys the host's table (see HostEntry). */
  cliApiHost?: string | undefined;
  platform?: NodeJS.Platform;
}

/**
 * Reads the file without changing it (the store would narrow its mode: doctor only reports) and
 * judges it with the store's own parser, so the messages are the ones `login` and `status` give.
 */
export async function checkCredentialsFile(input: CredentialsCheckInput): Promise<CheckResult[]> {
  const file = input.path;
  const readable = { id: 'credentials-file', title: 'Credentials file' };
  const privacy = { id: 'credentials-mode', title: 'File permissions' };
  let handle;
  try {
    handle = await openForReading(file);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') {
      return [{ ...readable, verdict: 'ok', detail: `${file} does not exist yet; signing in creates it.` }];
    }
    return [unreadable(readable, cannotRead(error, file).message, file)];
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return [unreadable(readable, notARegularFile(file, stats).message, file)];
    const results = [modeResult(privacy, file, stats.mode, input.platform ?? process.platform)];
    let text: string;
    try {
      text = await handle.readFile('utf8');
    } catch (error) {
      return [unreadable(readable, cannotRead(error, file).message, file), ...results];
    }
    return [parsed(readable, text, file, input), ...results];
  } finally {
    await handle.close();
  }
}

type Base = { id: string; title: string };

function unreadable(base: Base, detail: string, file: string): CheckResult {
  return { ...base, verdict: 'fail', detail, fix: `Make ${file} a file you own and can read (chmod 600).` };
}

function parsed(base: Base, text: string, file: string, input: CredentialsCheckInput): CheckResult {
  try {
    const doc = parseToml(text, file);
    const creds = readHostCredentials(doc, hostEntry(input.apiHost, input.cliApiHost), file);
    const what = creds ? 'credentials for this API' : 'no credentials for this API (not signed in)';
    return { ...base, verdict: 'ok', detail: `${file} parses and holds ${what}.` };
  } catch (error) {
    if (!(error instanceof UserFacingError)) throw error;
    return {
      ...base,
      verdict: 'fail',
      // The store's message already ends in its own fix ("fix or remove it and try again").
      detail: error.message.replace(/; fix or remove it and try again\.$/, '.'),
      fix: `Fix ${file} by hand, or remove it and sign in again ("pipecat cloud auth login" and "pipecat-tray login" both write a new one).`,
    };
  }
}

function modeResult(base: Base, file: string, mode: number, platform: NodeJS.Platform): CheckResult {
  // Windows has no POSIX modes; Node reports made-up ones there.
  if (platform === 'win32')
    return { ...base, verdict: 'ok', detail: 'Not checked on Windows (no POSIX modes).' };
  const octal = (mode & 0o777).toString(8).padStart(4, '0');
  if ((mode & GROUP_OR_OTHER_BITS) === 0)
    return { ...base, verdict: 'ok', detail: `${octal}: only you can read it.` };
  return {
    ...base,
    verdict: 'fail',
    detail: `${octal}: other users on this machine can access your tokens.`,
    fix: `Run "chmod 600 ${file}" (the CLI and pipecat-tray also narrow it on their next read).`,
  };
}
