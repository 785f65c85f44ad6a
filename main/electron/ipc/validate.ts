import { tryNormalizeApiHost } from '../../core/credentials/api-host.js';
import {
  INVOKE_CHANNELS,
  type EnvironmentName,
  type InvokeMethod,
  type TrayApi,
} from '../../ipc/contract.js';

/** What each invoke channel carries, straight from TrayApi's parameter lists. */
export type InvokeArgs = { [M in InvokeMethod]: Parameters<TrayApi[M]> };

/** A call main may run: the method and its arguments, checked. */
export type ValidInvoke = { [M in InvokeMethod]: { method: M; args: InvokeArgs[M] } }[InvokeMethod];

export type Validation<T> = { ok: true; value: T } | { ok: false; error: string };

export const PAT_MAX_LENGTH = 512;
export const ORG_NAME_MAX_LENGTH = 200;
export const API_HOST_MAX_LENGTH = 2048;
/** Twice what the loopback server reads of a request, so the core can say "too long" itself. */
export const PASTED_ADDRESS_MAX_LENGTH = 16 * 1024;

const ENVIRONMENTS: readonly EnvironmentName[] = ['production', 'staging', 'custom'];
// C0 controls and DEL: nothing typed or pasted into these fields legitimately holds one, and a
// line break in a token would end up in an HTTP header.
const hasControlCharacter = (text: string): boolean =>
  [...text].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f);

const METHOD_BY_CHANNEL: ReadonlyMap<string, InvokeMethod> = new Map(
  Object.entries(INVOKE_CHANNELS).map(([method, channel]) => [channel, method as InvokeMethod]),
);

/** The method behind an invoke channel, or undefined for a channel that is not in the registry. */
export function methodForChannel(channel: string): InvokeMethod | undefined {
  return METHOD_BY_CHANNEL.get(channel);
}

type Validator<M extends InvokeMethod> = (args: readonly unknown[]) => Validation<InvokeArgs[M]>;

const none = (args: readonly unknown[]): Validation<[]> =>
  args.length === 0 ? ok([]) : fail(`takes no arguments, got ${args.length}`);

const VALIDATORS: { [M in InvokeMethod]: Validator<M> } = {
  getState: none,
  signIn: none,
  cancelSignIn: none,
  refreshNow: none,
  signOut: none,
  openDashboard: none,
  closeWindow: none,
  usePersonalAccessToken: (args) =>
    arity(args, 1) ??
    mapOk(boundedString(args[0], 'the personal access token', PAT_MAX_LENGTH), (pat) => [pat] as [string]),
  switchOrganization: (args) =>
    arity(args, 1) ??
    mapOk(boundedString(args[0], 'the organization name', ORG_NAME_MAX_LENGTH), (name) => [name] as [string]),
  completeSignInFromPastedUrl: (args) =>
    arity(args, 1) ??
    mapOk(
      boundedString(args[0], 'the pasted address', PASTED_ADDRESS_MAX_LENGTH),
      (text) => [text] as [string],
    ),
  setStartAtLogin: (args) =>
    arity(args, 1) ?? (typeof args[0] === 'boolean' ? ok([args[0]]) : fail('expects true or false')),
  setEnvironment: (args) => environmentArgs(args),
};

/**
 * Checks a renderer's call before main acts on it: the method must be in the registry and every
 * argument must have the shape TrayApi declares. Arguments arrive as `unknown`, since a renderer
 * can send anything.
 */
export function validateInvoke(method: string, args: readonly unknown[]): Validation<ValidInvoke> {
  if (!Object.hasOwn(VALIDATORS, method)) return fail(`unknown method "${method.slice(0, 40)}"`);
  const known = method as InvokeMethod;
  const checked = (VALIDATORS[known] as (args: readonly unknown[]) => Validation<unknown[]>)(args);
  if (!checked.ok) return fail(`${known}: ${checked.error}`);
  return ok({ method: known, args: checked.value } as ValidInvoke);
}

function environmentArgs(args: readonly unknown[]): Validation<InvokeArgs['setEnvironment']> {
  // An optional trailing argument may arrive as an explicit undefined.
  const [environment, host] = args;
  if (args.length < 1 || args.length > 2) return fail(`expects 1 or 2 arguments, got ${args.length}`);
  if (!ENVIRONMENTS.includes(environment as EnvironmentName)) {
    return fail('expects "production", "staging" or "custom"');
  }
  if (environment !== 'custom') {
    return host === undefined
      ? ok([environment as EnvironmentName])
      : fail('takes an API host only for the custom environment');
  }
  const text = boundedString(host, 'the custom API host', API_HOST_MAX_LENGTH);
  if (!text.ok) return text;
  const normalized = tryNormalizeApiHost(text.value);
  if (!normalized || !normalized.startsWith('https://')) {
    return fail('expects an https URL for the custom API host, such as https://api.example.com');
  }
  return ok(['custom', normalized]);
}

function boundedString(value: unknown, what: string, max: number): Validation<string> {
  if (typeof value !== 'string') return fail(`expects ${what} as text`);
  if (value.length === 0) return fail(`${what} is empty`);
  if (value.length > max) return fail(`${what} is longer than ${max} characters`);
  if (hasControlCharacter(value)) return fail(`${what} holds a control character`);
  return ok(value);
}

function arity(args: readonly unknown[], count: number): Validation<never> | undefined {
  return args.length === count ? undefined : fail(`expects ${count} argument, got ${args.length}`);
}

function mapOk<T, U>(result: Validation<T>, map: (value: T) => U): Validation<U> {
  return result.ok ? ok(map(result.value)) : result;
}

function ok<T>(value: T): Validation<T> {
  return { ok: true, value };
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}
