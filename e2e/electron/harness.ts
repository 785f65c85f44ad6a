/**
 * The real tray app under Playwright's `_electron`, in one class that waits on named readiness
 * events (after Signal-Desktop's ts/test-mock/playwright.node.ts). It talks to the app only the
 * way a window does, through `window.pipecatTray` (main/ipc/contract.ts), plus Playwright's own
 * view of the Electron process.
 *
 * What it expects of dist/main/electron/main.js (the entry, written elsewhere):
 * - a start without `--hidden` opens the account window, whose preload exposes `pipecatTray`;
 * - `--sandbox` finds the running sandbox through its state file ($XDG_RUNTIME_DIR) and keeps its
 *   credentials under $HOME/.config/pipecat-tray/sandbox/.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright';
import type { AccountStatusKind } from '../../main/core/session/account-state.js';
import type { AccountView, ActionResult, TrayApi } from '../../main/ipc/contract.js';
import type { Sandbox } from '../../sandbox/index.js';
import { sandboxStatePath, writeSandboxState } from '../../sandbox/state-file.js';
import { openDisplay, type Display } from './display.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MAIN_ENTRY = path.join(REPO, 'dist', 'main', 'electron', 'main.js');
/** The development entry point: the shipped main plus `--sandbox`. */
export const SANDBOX_ENTRY = path.join(REPO, 'dist', 'sandbox', 'entries', 'tray.js');

export type ReadinessEvent = 'app-ready' | 'account-window' | `state:${AccountStatusKind}`;

export interface LaunchOptions {
  executablePath: string;
  sandbox: Sandbox;
  extraArgs?: string[];
  timeoutMs?: number;
}

/** What a page function sees: the preload's object on the window. */
type WithTrayApi = { pipecatTray: TrayApi };

export class TrayAppHarness {
  readonly #output: string[] = [];
  #accountWindow: Page | undefined;

  private constructor(
    readonly app: ElectronApplication,
    readonly home: string,
    private readonly display: Display & { available: true },
    private readonly timeoutMs: number,
  ) {
    const proc = app.process();
    proc.stdout?.on('data', (chunk: Buffer) => this.#output.push(chunk.toString()));
    proc.stderr?.on('data', (chunk: Buffer) => this.#output.push(chunk.toString()));
  }

  /** Starts the app with `--sandbox` in a throw-away home, against the given sandbox. */
  static async launch(options: LaunchOptions): Promise<TrayAppHarness> {
    const display = await openDisplay();
    if (!display.available) throw new Error(`cannot start Electron: ${display.reason}`);
    const home = await mkdtemp(path.join(tmpdir(), 'pipecat-tray-electron-'));
    const runtimeDir = path.join(home, 'run');
    const { apiHost, caFile } = options.sandbox;
    await writeSandboxState(
      { apiHost, caFile, pid: process.pid },
      sandboxStatePath({ XDG_RUNTIME_DIR: runtimeDir }, home),
    );
    try {
      const app = await _electron.launch({
        executablePath: options.executablePath,
        args: [SANDBOX_ENTRY, '--sandbox', ...(options.extraArgs ?? [])],
        cwd: REPO,
        env: {
          ...inheritedEnv(),
          ...display.env,
          HOME: home,
          XDG_CONFIG_HOME: path.join(home, '.config'),
          XDG_RUNTIME_DIR: runtimeDir,
          // Whatever the app opens in "the browser" goes nowhere: the test plays the browser.
          BROWSER: 'true',
        },
        timeout: options.timeoutMs ?? 60_000,
      });
      return new TrayAppHarness(app, home, display, options.timeoutMs ?? 60_000);
    } catch (error) {
      await display.close();
      await rm(home, { recursive: true, force: true });
      throw error;
    }
  }

  /** Everything the app printed so far: for failure messages. */
  get output(): string {
    return this.#output.join('');
  }

  async waitForEvent(event: ReadinessEvent): Promise<void> {
    if (event === 'app-ready') {
      await this.app.evaluate(({ app }) => app.whenReady());
    } else if (event === 'account-window') {
      await this.accountWindow();
    } else {
      await this.waitForState((view) => view.status === event.slice('state:'.length));
    }
  }

  /** The first window, once its preload has exposed the tray API. */
  async accountWindow(): Promise<Page> {
    if (!this.#accountWindow) {
      const page = await this.app.firstWindow({ timeout: this.timeoutMs });
      await page.waitForFunction(
        () => typeof (globalThis as unknown as WithTrayApi).pipecatTray === 'object',
        null,
        {
          timeout: this.timeoutMs,
        },
      );
      this.#accountWindow = page;
    }
    return this.#accountWindow;
  }

  async state(): Promise<AccountView> {
    const page = await this.accountWindow();
    return page.evaluate(() => (globalThis as unknown as WithTrayApi).pipecatTray.getState());
  }

  /** Resolves with the first view (the current one included) that matches, as the window sees it. */
  async waitForState(match: (view: AccountView) => boolean): Promise<AccountView> {
    const page = await this.accountWindow();
    const deadline = Date.now() + this.timeoutMs;
    let view = await this.state();
    while (!match(view)) {
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        throw new Error(`state never matched; last: ${JSON.stringify(view)}\n${this.output}`);
      // Blocks until the app pushes its next state (or the deadline): an event, not a poll.
      view = await page.evaluate(
        (ms) =>
          new Promise<AccountView>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('no state change')), ms);
            const stop = (globalThis as unknown as WithTrayApi).pipecatTray.onState((next) => {
              clearTimeout(timer);
              stop();
              resolve(next);
            });
          }),
        remaining,
      );
    }
    return view;
  }

  /**
   * Starts a sign-in the way the window's button does; the returned promise settles when the app
   * finishes it (the test plays the browser meanwhile).
   */
  async startSignIn(): Promise<Promise<ActionResult>> {
    const page = await this.accountWindow();
    // Whatever main would open in the system browser is dropped: the test is the browser. Should
    // the binding be read-only, BROWSER=true (set at launch) makes xdg-open a no-op instead.
    await this.app.evaluate(({ shell }) => {
      try {
        shell.openExternal = async () => undefined;
      } catch {
        // see above
      }
    });
    return page.evaluate(() => (globalThis as unknown as WithTrayApi).pipecatTray.signIn());
  }

  async close(): Promise<void> {
    try {
      await this.app.close();
    } finally {
      await this.display.close();
      await rm(this.home, { recursive: true, force: true });
    }
  }
}

/** The parent's environment without anything that would point the app at real credentials. */
function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('PIPECAT_') && key !== 'ELECTRON_RUN_AS_NODE')
      env[key] = value;
  }
  return env;
}
