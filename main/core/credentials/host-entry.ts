import { normalizeApiHost, tryNormalizeApiHost } from './api-host.js';

/**
 * One API host as the credentials file knows it. `host`, normalised, says whether it is the
 * default host and which `[environments]` keys are spellings of it; `tableKey` is the key of its
 * own table.
 *
 * The CLI's multi-environment layout (docs/cli-credentials-behaviour.md) keys that table by
 * PIPECAT_API_HOST exactly as the user set it. So when the CLI's PIPECAT_API_HOST names this host,
 * that very string is the key and the app and the CLI share one table. Otherwise (a host picked in
 * the tray, `--api-host` alone, the sandbox) the key is the normalised host: what a user types for
 * PIPECAT_API_HOST, what the CLI uses for its default, and what the app wrote before.
 */
export interface HostEntry {
  readonly host: string;
  readonly tableKey: string;
  /** tableKey is the CLI's own spelling: a table found under another spelling moves there on write. */
  readonly tableKeyFromCli: boolean;
}

/** Throws a UserFacingError when `apiHost` is not a plain http(s) URL (see normalizeApiHost). */
export function hostEntry(apiHost: string, cliApiHost?: string): HostEntry {
  const host = normalizeApiHost(apiHost);
  if (cliApiHost !== undefined && tryNormalizeApiHost(cliApiHost) === host) {
    return { host, tableKey: cliApiHost, tableKeyFromCli: true };
  }
  return { host, tableKey: host, tableKeyFromCli: false };
}
