/**
 * Every tray action, each declared once: its name (the key), the label the tray menu shows it
 * under, the channel a window calls it on, the arguments it takes, and what it runs. The IPC
 * handlers, the preload's `window.pipecatTray` and the menu's dispatch are all derived from this
 * table, so adding an action is one entry here plus its core function.
 *
 * An action with a `channel` is a window's to call; one without (quit, copy the link, open a
 * window) only the menu reaches. Nothing here imports electron or a value from the core.
 */
import type { AccountView, ActionResult, TrayCore } from '../core/app/tray-core.js';
import {
  environmentArgs,
  fail,
  noArgs,
  ok,
  oneBoolean,
  oneText,
  pastedAddressArgs,
  type ArgsSchema,
  type Validation,
} from './args.js';

export type WindowKind = 'account' | 'pat';

/** What an action runs against: the core, and the few things only the tray shell can do. */
export interface ActionHost {
  core: TrayCore;
  showWindow(kind: WindowKind): void;
  copyText(text: string): void;
  quit(): void;
  /** Closes (or hides) the window that made the call; a menu click has none. */
  closeCaller?(): void;
}

type Channel = `tray:${string}`;

interface TrayAction<A extends unknown[], R, C extends Channel | undefined> {
  readonly channel: C;
  readonly label: string | undefined;
  readonly args: ArgsSchema<A>;
  run(host: ActionHost, ...args: A): Promise<R>;
}

type AnyAction = TrayAction<unknown[], unknown, Channel | undefined>;

function action<A extends unknown[], R, C extends Channel | undefined = undefined>(spec: {
  channel?: C;
  label?: string;
  args: ArgsSchema<A>;
  run(host: ActionHost, ...args: A): Promise<R>;
}): TrayAction<A, R, C> {
  return { channel: spec.channel as C, label: spec.label, args: spec.args, run: spec.run };
}

const OK: ActionResult = { ok: true };

export const TRAY_ACTIONS = {
  getState: action({ channel: 'tray:get-state', args: noArgs, run: ({ core }) => core.getState() }),
  signIn: action({
    channel: 'tray:sign-in',
    label: 'Sign in to Pipecat Cloud',
    args: noArgs,
    run: ({ core }) => core.signIn(),
  }),
  cancelSignIn: action({
    channel: 'tray:cancel-sign-in',
    label: 'Cancel sign-in',
    args: noArgs,
    run: ({ core }) => core.cancelSignIn(),
  }),
  // The address a browser on another machine ended on, pasted back while signing in.
  completeSignInFromPastedUrl: action({
    channel: 'tray:paste-sign-in-address',
    args: pastedAddressArgs,
    run: ({ core }, ...args) => core.completeSignInFromPastedUrl(...args),
  }),
  // The one value that crosses from a window to main that is a secret: a PAT, one way.
  usePersonalAccessToken: action({
    channel: 'tray:use-pat',
    args: oneText('the personal access token', 512),
    run: ({ core }, ...args) => core.usePersonalAccessToken(...args),
  }),
  switchOrganization: action({
    channel: 'tray:switch-org',
    args: oneText('the organization name', 200),
    run: ({ core }, ...args) => core.switchOrganization(...args),
  }),
  refreshNow: action({
    channel: 'tray:refresh-now',
    label: 'Refresh now',
    args: noArgs,
    run: ({ core }) => core.refreshNow(),
  }),
  signOut: action({
    channel: 'tray:sign-out',
    label: 'Sign out',
    args: noArgs,
    run: ({ core }) => core.signOut(),
  }),
  setEnvironment: action({
    channel: 'tray:set-environment',
    args: environmentArgs,
    run: ({ core }, ...args) => core.setEnvironment(...args),
  }),
  setStartAtLogin: action({
    channel: 'tray:set-start-at-login',
    label: 'Start at login',
    args: oneBoolean,
    run: ({ core }, ...args) => core.setStartAtLogin(...args),
  }),
  // Menu only: no window offers it, so it has no channel.
  setKeepRefreshTokenInKeychain: action({
    label: 'Keep the refresh token in the system keychain',
    args: oneBoolean,
    run: ({ core }, ...args) => core.setKeepRefreshTokenInKeychain(...args),
  }),
  openDashboard: action({
    channel: 'tray:open-dashboard',
    label: 'Open Pipecat Cloud dashboard',
    args: noArgs,
    run: ({ core }) => core.openDashboard(),
  }),
  closeWindow: action({
    channel: 'tray:close-window',
    args: noArgs,
    run: async ({ closeCaller }) => {
      closeCaller?.();
      return OK;
    },
  }),
  openPatWindow: action({
    label: 'Use personal access token…',
    args: noArgs,
    run: async ({ showWindow }) => showWindow('pat'),
  }),
  copySignInLink: action({
    label: 'Copy sign-in link',
    args: noArgs,
    run: async ({ core, copyText }) => {
      const url = core.state.signInUrl;
      if (url) copyText(url);
    },
  }),
  // Custom needs a URL typed in, so the menu's Custom… opens the account window rather than switching.
  chooseCustomEnvironment: action({ args: noArgs, run: async ({ showWindow }) => showWindow('account') }),
  showAccount: action({
    label: 'Show account…',
    args: noArgs,
    run: async ({ showWindow }) => showWindow('account'),
  }),
  quit: action({ label: 'Quit', args: noArgs, run: async ({ quit }) => quit() }),
};

type Actions = typeof TRAY_ACTIONS;
export type ActionName = keyof Actions;
export type ArgsOf<N extends ActionName> =
  Actions[N] extends TrayAction<infer A, unknown, Channel | undefined> ? A : never;
type ResultOf<N extends ActionName> =
  Actions[N] extends TrayAction<unknown[], infer R, Channel | undefined> ? R : never;

/** A click or a window's call, as data: which action, with which arguments. */
export type ActionCall = { [N in ActionName]: { readonly name: N; readonly args: ArgsOf<N> } }[ActionName];

export function call<N extends ActionName>(name: N, ...args: ArgsOf<N>): ActionCall {
  // TypeScript cannot pair a generic name with its arguments in the union; the signature does.
  const made: { name: ActionName; args: readonly unknown[] } = { name, args };
  return made as ActionCall;
}

export function runAction(call: ActionCall, host: ActionHost): Promise<unknown> {
  const action: AnyAction = TRAY_ACTIONS[call.name];
  return action.run(host, ...call.args);
}

/** The actions a window may call: those with a channel. */
export type InvokeMethod = {
  [N in ActionName]: Actions[N]['channel'] extends Channel ? N : never;
}[ActionName];

/** The object the preload exposes as `window.pipecatTray`: one method per window action, plus `onState`. */
export type TrayApi = {
  readonly [N in InvokeMethod]: (...args: ArgsOf<N>) => Promise<ResultOf<N>>;
} & {
  /** Calls `listener` on every state change; returns a function that stops it. */
  onState(listener: (view: AccountView) => void): () => void;
};

/** Each window action's channel: the preload and main's handlers both build their halves from it. */
export const INVOKE_CHANNELS = windowChannels();

function windowChannels(): Readonly<Record<InvokeMethod, Channel>> {
  const channels: Partial<Record<string, Channel>> = {};
  for (const [name, { channel }] of Object.entries(TRAY_ACTIONS)) if (channel) channels[name] = channel;
  // Exactly the actions with a channel, which is what InvokeMethod names.
  return Object.freeze(channels) as Readonly<Record<InvokeMethod, Channel>>;
}

/**
 * A window's call, checked before main acts on it: the action must be a window's to call and
 * every argument must have the shape it declares.
 */
export function checkWindowCall(name: string, args: readonly unknown[]): Validation<ActionCall> {
  if (!Object.hasOwn(INVOKE_CHANNELS, name)) return fail(`unknown method "${name.slice(0, 40)}"`);
  const action: AnyAction = TRAY_ACTIONS[name as InvokeMethod];
  const checked = action.args(args);
  if (!checked.ok) return fail(`${name}: ${checked.error}`);
  const made: { name: ActionName; args: readonly unknown[] } = {
    name: name as InvokeMethod,
    args: checked.value,
  };
  return ok(made as ActionCall);
}
