import { resolve } from 'node:path';

export interface CliEnvironmentOptions {
  apiHost: string;
  configPath: string;
  caFile: string;
  /** A scratch HOME, so nothing of the developer's ~/.config/pipecatcloud can leak in. */
  home: string;
  env?: Record<string, string>;
}

/** Only these are inherited: every PIPECAT_* variable overrides a CLI setting, so none may leak in. */
const INHERITED = ['PATH', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR'];

/** The environment a user's shell would give `pipecat cloud …` (or `pcc …`) pointed at a test API. */
export function cliEnvironment(options: CliEnvironmentOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of INHERITED) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return {
    ...env,
    HOME: options.home,
    // The CLI joins host and path as strings: a trailing slash would make every path start with `//`.
    PIPECAT_API_HOST: options.apiHost.replace(/\/+$/, ''),
    // pipecatcloud cannot write a config file given by a relative path (it makes the directory "").
    PIPECAT_CONFIG_PATH: resolve(options.configPath),
    // The CLI speaks aiohttp over Python's ssl module, whose default context honours only this
    // (OpenSSL's variable); REQUESTS_CA_BUNDLE belongs to `requests`, which it does not use.
    SSL_CERT_FILE: resolve(options.caFile),
    // Line-oriented output without boxes or spinners (1.4.0; 0.7.2 ignores it); a test may still
    // pass `--output json`.
    PIPECAT_OUTPUT: 'plain',
    NO_COLOR: '1',
    TERM: 'dumb',
    // Rich lays out whoami's two columns side by side only if they fit; else it stacks them.
    COLUMNS: '500',
    PYTHONUTF8: '1',
    PYTHONIOENCODING: 'utf-8',
    PYTHONUNBUFFERED: '1',
    ...options.env,
  };
}
