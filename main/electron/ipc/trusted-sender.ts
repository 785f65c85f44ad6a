/**
 * Main answers only its own windows (docs/security-checklist.md, "IPC"): the message must come from
 * the top frame of a webContents main created, showing one of the app's own pages. A window that
 * somehow navigated elsewhere, an iframe, or any other webContents gets nothing.
 */

export interface SenderInfo {
  webContentsId: number;
  /** The sending frame's URL; undefined when the frame is gone (navigated or destroyed). */
  frameUrl: string | undefined;
  isMainFrame: boolean;
}

export interface TrustedSenders {
  /** `webContents.id` of every window main created and has not closed. */
  webContentsIds: ReadonlySet<number>;
  /** The app's own pages, e.g. `pathToFileURL(.../dist/renderer/account.html).href`. */
  pageUrls: readonly string[];
}

/** The parts of an `IpcMainInvokeEvent` / `IpcMainEvent` the check reads. */
export interface IpcEventLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export function senderInfo(event: IpcEventLike): SenderInfo {
  const frame = event.senderFrame;
  return {
    webContentsId: event.sender.id,
    frameUrl: frame?.url,
    isMainFrame: frame !== null && frame.parent === null,
  };
}

export function isTrustedSender(sender: SenderInfo, trusted: TrustedSenders): boolean {
  if (!trusted.webContentsIds.has(sender.webContentsId) || !sender.isMainFrame) return false;
  const page = pageOf(sender.frameUrl);
  return page !== undefined && trusted.pageUrls.some((url) => pageOf(url) === page);
}

/**
 * A page's identity: scheme, host and path. Query and fragment are the page's own business
 * (`account.html#org`); anything that does not parse, or carries user info, is no page of ours.
 */
function pageOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.username || parsed.password) return undefined;
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}
