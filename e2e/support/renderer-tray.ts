import path from 'node:path';
import type { Page } from 'playwright';
import { TrayService, type AutoStart } from '../../main/core/app/tray-service.js';
import type { TrayNotification } from '../../main/core/app/notifications.js';
import { memoryPreferences } from './memory-preferences.js';
import { withUserAgent } from '../../main/core/http/fetch.js';
import { fetchTrustingCa } from '../../sandbox/trusting-fetch.js';
import { checkWindowCall, runAction, type ActionHost } from '../../main/ipc/actions.js';
import { INVOKE_CHANNELS, type AccountView } from '../../main/ipc/contract.js';
import { completeLoginOverHttp, type Sandbox } from '../../sandbox/index.js';

/**
 * The real core, signed in to the sandbox, as main would run it: a TrayService with the app's
 * fetch (the sandbox CA trusted), an in-memory preferences store, and the browser's part of a
 * sign-in played over HTTP. `bind(page)` gives the page the same `window.pipecatTray` the preload
 * gives a window, with every call checked and run by main's own action registry.
 */
export class RendererTray {
  readonly service: TrayService;
  readonly configPath: string;
  /** Every call a page made, in order: method names only (arguments may hold a PAT). */
  readonly calls: string[] = [];
  readonly autoStartCalls: boolean[] = [];
  readonly notifications: TrayNotification[] = [];
  readonly opened: string[] = [];
  /** Every view pushed to a page, so a test can prove none carried a secret. */
  readonly pushed: AccountView[] = [];
  closeWindowCalls = 0;
  browserFailure: unknown;
  private holdNext = false;
  private elsewhere: ((callback: URL) => void) | undefined;
  private heldLogin: { url: string; release: () => void } | undefined;
  private readonly holdWaiters: ((url: string) => void)[] = [];
  private readonly unsubscribes: (() => void)[] = [];

  constructor(
    private readonly sandbox: Sandbox,
    dir: string,
  ) {
    this.configPath = path.join(dir, 'pipecatcloud.toml');
    const autoStart: AutoStart = {
      setEnabled: async (enabled) => {
        this.autoStartCalls.push(enabled);
      },
    };
    this.service = new TrayService({
      configPath: this.configPath,
      hostFor: () => sandbox.apiHost,
      fetchFor: () => withUserAgent(fetchTrustingCa(sandbox.caPem)),
      openInBrowser: (url) => this.playBrowser(url),
      openExternal: async (url) => {
        this.opened.push(url);
      },
      preferences: memoryPreferences(),
      autoStart,
      notify: (notification) => this.notifications.push(notification),
    });
  }

  start(): Promise<void> {
    return this.service.start();
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    this.service.stop();
  }

  /**
   * Gives `page` its `window.pipecatTray` before any of its scripts run: the invoke methods, built
   * from INVOKE_CHANNELS as the preload builds them, forward to a binding; `onState` listeners get
   * every view the service publishes. Call before `page.goto`.
   */
  async bind(page: Page): Promise<void> {
    await page.exposeBinding('__trayInvoke', (_source, method: string, args: unknown[]) =>
      this.invoke(method, args),
    );
    await page.addInitScript((methods: string[]) => {
      type Listener = (view: unknown) => void;
      const scope = globalThis as unknown as {
        __trayInvoke(method: string, args: unknown[]): Promise<unknown>;
        __trayPush?: (view: unknown) => void;
        pipecatTray?: unknown;
      };
      const listeners = new Set<Listener>();
      const api: Record<string, unknown> = {};
      for (const method of methods) api[method] = (...args: unknown[]) => scope.__trayInvoke(method, args);
      api['onState'] = (listener: Listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      };
      Object.defineProperty(scope, '__trayPush', {
        value: (view: unknown) => listeners.forEach((listener) => listener(view)),
      });
      Object.defineProperty(scope, 'pipecatTray', { value: Object.freeze(api) });
    }, Object.keys(INVOKE_CHANNELS));
  }

  /** Pushes every state the service publishes from now on into the page (after it loaded). */
  follow(page: Page): void {
    const unsubscribe = this.service.subscribe((view) => {
      this.pushed.push(view);
      page
        .evaluate(
          (pushed) => (globalThis as unknown as { __trayPush(v: unknown): void }).__trayPush(pushed),
          view,
        )
        .catch(() => undefined);
    });
    this.unsubscribes.push(unsubscribe);
  }

  /**
   * The browser's part of the next sign-in waits (the window then says "Waiting for your
   * browser…") until `finishBrowserLogin()`; resolves with the authorize URL once it is there.
   */
  holdNextBrowserLogin(): Promise<string> {
    this.holdNext = true;
    return new Promise((resolve) => this.holdWaiters.push(resolve));
  }

  finishBrowserLogin(): void {
    this.heldLogin?.release();
  }

  /**
   * The next sign-in's browser is on another machine: it signs in at the sandbox, but its
   * redirect to this machine's loopback server never arrives. Resolves with the address it ended
   * on, for the test to paste into the window.
   */
  nextBrowserElsewhere(): Promise<URL> {
    return new Promise((resolve) => (this.elsewhere = resolve));
  }

  private async invoke(method: string, args: unknown[]): Promise<unknown> {
    const checked = checkWindowCall(method, args);
    if (!checked.ok) throw new Error(`main would refuse this call: ${checked.error}`);
    this.calls.push(checked.value.name);
    return runAction(checked.value, this.host);
  }

  /** What a page's calls run against; a window's actions never reach the shell's other powers. */
  private get host(): ActionHost {
    const unreachable = (): never => {
      throw new Error('a window action reached a menu-only power');
    };
    return {
      core: this.service,
      closeCaller: () => (this.closeWindowCalls += 1),
      showWindow: unreachable,
      copyText: unreachable,
      quit: unreachable,
    };
  }

  private async playBrowser(url: string): Promise<void> {
    try {
      if (this.holdNext) {
        this.holdNext = false;
        await this.hold(url);
      }
      const callback = await completeLoginOverHttp(url, this.sandbox.account, { ca: this.sandbox.caPem });
      const elsewhere = this.elsewhere;
      this.elsewhere = undefined;
      if (elsewhere) return elsewhere(callback);
      const response = await fetch(callback);
      await response.text();
    } catch (error) {
      this.browserFailure = error;
      throw error;
    }
  }

  private hold(url: string): Promise<void> {
    return new Promise((release) => {
      this.heldLogin = {
        url,
        release: () => {
          this.heldLogin = undefined;
          release();
        },
      };
      for (const waiter of this.holdWaiters.splice(0)) waiter(url);
    });
  }
}
