import path from 'node:path';

/**
 * Where the CLI keeps its credentials: `PIPECAT_CONFIG_PATH` when set and non-empty, else
 * `~/.config/pipecatcloud/pipecatcloud.toml` on every OS (the CLI expands that literal path on
 * Windows and macOS too, so an app-data folder would be a different file).
 */
export function defaultCredentialsPath(env: NodeJS.ProcessEnv, homedir: string): string {
  const configured = env['PIPECAT_CONFIG_PATH'];
  if (configured) return configured;
  return path.join(homedir, '.config', 'pipecatcloud', 'pipecatcloud.toml');
}

/** Where `--sandbox` keeps its credentials: never the CLI's real file. */
export function sandboxCredentialsPath(homedir: string): string {
  return path.join(homedir, '.config', 'pipecat-tray', 'sandbox', 'pipecatcloud.toml');
}
