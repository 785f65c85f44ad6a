import type { WindowKind } from '../../ipc/actions.js';

interface Preventable {
  preventDefault(): void;
}

/** The parts of a BrowserWindow the manager uses (a fake in tests). */
export interface ManagedWindow {
  readonly webContents: { readonly id: number; send(channel: string, ...args: unknown[]): void };
  show(): void;
  focus(): void;
  hide(): void;
  close(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  on(event: 'close', listener: (event: Preventable) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
}

export interface WindowManagerOptions {
  /** Creates a kind's window: hardened options, its page loading, not yet shown. */
  create(kind: WindowKind): ManagedWindow;
  /** Runs before a window is shown (macOS brings the menu-bar app forward first). */
  beforeShow?(): void;
}

/**
 * At most one window of each kind. The account window hides on close, so reopening it from the
 * tray is instant and keeps its state; the PAT dialog really closes, so a typed token does not
 * outlive it. Until `prepareToQuit`, nothing the user closes ends the app.
 */
export class WindowManager {
  readonly #windows = new Map<WindowKind, ManagedWindow>();
  #quitting = false;

  constructor(private readonly options: WindowManagerOptions) {}

  show(kind: WindowKind): void {
    const existing = this.live(kind);
    if (existing) {
      this.options.beforeShow?.();
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return;
    }
    const window = this.options.create(kind);
    this.#windows.set(kind, window);
    window.on('close', (event) => {
      if (kind !== 'account' || this.#quitting) return;
      event.preventDefault();
      window.hide();
    });
    window.on('closed', () => {
      if (this.#windows.get(kind) === window) this.#windows.delete(kind);
    });
    window.once('ready-to-show', () => {
      this.options.beforeShow?.();
      window.show();
      window.focus();
    });
  }

  /** `closeWindow` from a page: closes (or hides) the window that page is in. */
  closeFrom(webContentsId: number): boolean {
    for (const kind of this.#windows.keys()) {
      const window = this.live(kind);
      if (window?.webContents.id === webContentsId) {
        window.close();
        return true;
      }
    }
    return false;
  }

  /** The webContents of every window main created and still has: the only trusted IPC senders. */
  webContentsIds(): ReadonlySet<number> {
    const ids = new Set<number>();
    for (const kind of this.#windows.keys()) {
      const window = this.live(kind);
      if (window) ids.add(window.webContents.id);
    }
    return ids;
  }

  /** Sends a message to every open window (hidden ones too, so they are current when shown). */
  broadcast(channel: string, payload: unknown): void {
    for (const kind of this.#windows.keys()) this.live(kind)?.webContents.send(channel, payload);
  }

  /** From now on a close closes: the app is quitting. */
  prepareToQuit(): void {
    this.#quitting = true;
  }

  private live(kind: WindowKind): ManagedWindow | undefined {
    const window = this.#windows.get(kind);
    if (window && !window.isDestroyed()) return window;
    this.#windows.delete(kind);
    return undefined;
  }
}
