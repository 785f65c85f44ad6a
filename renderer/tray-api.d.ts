/** What the preload exposes (preload/tray-api.ts), typed from the one registry. */
import type { TrayApi } from '../main/ipc/contract.js';

declare global {
  interface Window {
    readonly pipecatTray: TrayApi;
  }
}

export {};
