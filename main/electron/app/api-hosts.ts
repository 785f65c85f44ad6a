import type { EnvironmentName } from '../../ipc/contract.js';
import { STAGING_API_HOST } from '../../core/app/preferences.js';
import { DEFAULT_API_HOST, normalizeApiHost } from '../../core/credentials/index.js';
import { UserFacingError } from '../../core/errors.js';

/**
 * The API host of an environment the user picked in the tray. A custom host must be https: the
 * tray sends tokens there, and only `--sandbox` (which replaces this function) talks to a local
 * server. Throws a UserFacingError, which TrayService shows before anything changes.
 */
export function apiHostFor(environment: EnvironmentName, customApiHost: string | undefined): string {
  switch (environment) {
    case 'production':
      return DEFAULT_API_HOST;
    case 'staging':
      return STAGING_API_HOST;
    case 'custom': {
      if (!customApiHost) {
        throw new UserFacingError(
          'Enter the custom API host, such as https://api.example.com.',
          'api_host_missing',
        );
      }
      const host = normalizeApiHost(customApiHost);
      if (!host.startsWith('https://')) {
        throw new UserFacingError(`The custom API host ${host} must use https.`, 'api_host_insecure');
      }
      return host;
    }
  }
}
