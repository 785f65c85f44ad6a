import type { IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  isTrustedSender,
  senderInfo,
  type IpcEventLike,
  type TrustedSenders,
} from '../../main/electron/ipc/trusted-sender.js';

const ACCOUNT_PAGE = pathToFileURL(
  '/opt/Pipecat Cloud Tray/resources/app.asar/dist/renderer/account.html',
).href;
const PAT_PAGE = pathToFileURL('/opt/Pipecat Cloud Tray/resources/app.asar/dist/renderer/pat.html').href;
const trusted: TrustedSenders = { webContentsIds: new Set([3, 7]), pageUrls: [ACCOUNT_PAGE, PAT_PAGE] };

const main = (webContentsId: number, frameUrl: string | undefined) => ({
  webContentsId,
  frameUrl,
  isMainFrame: true,
});

describe('isTrustedSender', () => {
  it('accepts the top frame of our own windows showing our own pages', () => {
    expect(isTrustedSender(main(3, ACCOUNT_PAGE), trusted)).toBe(true);
    expect(isTrustedSender(main(7, PAT_PAGE), trusted)).toBe(true);
    expect(isTrustedSender(main(3, `${ACCOUNT_PAGE}#organization`), trusted)).toBe(true);
    expect(isTrustedSender(main(3, `${ACCOUNT_PAGE}?tab=env`), trusted)).toBe(true);
  });

  it('rejects a webContents main did not create', () => {
    expect(isTrustedSender(main(4, ACCOUNT_PAGE), trusted)).toBe(false);
  });

  it('rejects our window once it shows anything but our pages', () => {
    for (const url of [
      'https://evil.example/account.html',
      'file:///tmp/account.html',
      pathToFileURL('/opt/Pipecat Cloud Tray/resources/app.asar/dist/renderer/other.html').href,
      'data:text/html,<script>1</script>',
      'about:blank',
      'devtools://devtools/bundled/inspector.html',
      'not a url',
      '',
      undefined,
    ]) {
      expect(isTrustedSender(main(3, url), trusted), String(url)).toBe(false);
    }
  });

  it('rejects subframes, even on our own page', () => {
    expect(isTrustedSender({ webContentsId: 3, frameUrl: ACCOUNT_PAGE, isMainFrame: false }, trusted)).toBe(
      false,
    );
  });

  it('rejects everything when main has no windows', () => {
    expect(
      isTrustedSender(main(3, ACCOUNT_PAGE), { webContentsIds: new Set(), pageUrls: [ACCOUNT_PAGE] }),
    ).toBe(false);
    expect(isTrustedSender(main(3, ACCOUNT_PAGE), { webContentsIds: new Set([3]), pageUrls: [] })).toBe(
      false,
    );
  });
});

describe('senderInfo', () => {
  it('reads the sender id, the frame URL and whether it is the top frame', () => {
    const top: IpcEventLike = { sender: { id: 3 }, senderFrame: { url: ACCOUNT_PAGE, parent: null } };
    expect(senderInfo(top)).toEqual({ webContentsId: 3, frameUrl: ACCOUNT_PAGE, isMainFrame: true });
    const child: IpcEventLike = { sender: { id: 3 }, senderFrame: { url: ACCOUNT_PAGE, parent: {} } };
    expect(senderInfo(child).isMainFrame).toBe(false);
    const gone: IpcEventLike = { sender: { id: 3 }, senderFrame: null };
    expect(senderInfo(gone)).toEqual({ webContentsId: 3, frameUrl: undefined, isMainFrame: false });
    expect(isTrustedSender(senderInfo(gone), trusted)).toBe(false);
  });

  it("takes Electron's own IPC events (checked by tsc)", () => {
    const accepts = (event: IpcMainInvokeEvent | IpcMainEvent): IpcEventLike => event;
    expect(typeof accepts).toBe('function');
  });
});
