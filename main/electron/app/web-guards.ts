import type { Session } from 'electron';
import { isPermissionGranted } from './permissions.js';

interface Preventable {
  preventDefault(): void;
}

/** The parts of a webContents the guards touch (a fake in tests). */
export interface GuardableContents {
  on(event: 'will-navigate' | 'will-attach-webview', listener: (event: Preventable) => void): unknown;
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
}

/**
 * No page of ours navigates or opens a window: links to the outside go through main
 * (`openDashboard`), so any navigation, popup or `<webview>` is something we did not write.
 * Applied to every webContents the app ever creates (`web-contents-created`), not just ours.
 */
export function guardWebContents(contents: GuardableContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Permission requests and checks of the windows' session: see `isPermissionGranted`. */
export function guardSession(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
  pageUrls: readonly string[],
): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(
      isPermissionGranted(
        { permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame },
        pageUrls,
      ),
    );
  });
  session.setPermissionCheckHandler((contents, permission, _origin, details) =>
    isPermissionGranted(
      {
        permission,
        requestingUrl: details.requestingUrl ?? contents?.getURL(),
        isMainFrame: details.isMainFrame,
      },
      pageUrls,
    ),
  );
}
