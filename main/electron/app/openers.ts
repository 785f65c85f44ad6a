import { UserFacingError } from '../../core/errors.js';
import { isAllowedBrowserUrl, isAllowedExternalUrl } from './external-urls.js';

export interface OpenerOptions {
  allowHttpLoopback: boolean;
  /** Host names `openExternal` may open (the dashboard's). */
  knownHosts: readonly string[];
  /** `shell.openExternal`. */
  open(url: string): Promise<void>;
}

/** The core's two ways into the system browser, each checked before the OS sees the URL. */
export function createOpeners(options: OpenerOptions): {
  openInBrowser(url: string): Promise<void>;
  openExternal(url: string): Promise<void>;
} {
  return {
    openInBrowser: async (url) => {
      if (!isAllowedBrowserUrl(url, { allowHttpLoopback: options.allowHttpLoopback })) {
        throw new UserFacingError(
          'The sign-in page is not an https address, so it was not opened.',
          'url_refused',
        );
      }
      await options.open(url);
    },
    openExternal: async (url) => {
      if (!isAllowedExternalUrl(url, options.knownHosts)) {
        throw new UserFacingError(
          'That address is not a Pipecat Cloud page, so it was not opened.',
          'url_refused',
        );
      }
      await options.open(url);
    },
  };
}
