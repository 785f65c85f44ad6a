import type { EnvironmentName } from '../core/app/tray-core.js';
import { tryNormalizeApiHost } from '../core/credentials/api-host.js';

export type Validation<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * An action's argument schema: checks what a window sent, received as `unknown` since a renderer
 * can send anything, and gives the arguments the action takes. Errors never repeat an argument.
 */
export type ArgsSchema<A extends unknown[]> = (args: readonly unknown[]) => Validation<A>;

const ENVIRONMENTS: readonly EnvironmentName[] = ['production', 'staging', 'custom'];
const API_HOST_MAX_LENGTH = 2048;

// C0 controls and DEL: nothing typed or pasted into these fields legitimately holds one, and a
// line break in a token would end up in an HTTP header.
const hasControlCharacter = (text: string): boolean =>
  [...text].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f);

export const noArgs: ArgsSchema<[]> = (args) =>
  args.length === 0 ? ok([]) : fail(`takes no arguments, got ${args.length}`);

/** One non-empty line of text of at most `max` characters; `what` names it in the error. */
export function oneText(what: string, max: number): ArgsSchema<[string]> {
  return (args) => arity(args, 1) ?? mapOk(boundedString(args[0], what, max), (text) => [text]);
}

/** Twice what the loopback server reads of a request, so the core can say "too long" itself. */
export const PASTED_ADDRESS_MAX_LENGTH = 16 * 1024;

/** The sign-in address pasted back: one line of text, bounded; the core checks what it says. */
export const pastedAddressArgs = oneText('the pasted address', PASTED_ADDRESS_MAX_LENGTH);

export const oneBoolean: ArgsSchema<[boolean]> = (args) =>
  arity(args, 1) ?? (typeof args[0] === 'boolean' ? ok([args[0]]) : fail('expects true or false'));

/** Production or staging alone, or custom with an https URL (normalised). */
export const environmentArgs: ArgsSchema<[environment: EnvironmentName, customApiHost?: string]> = (args) => {
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
};

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

export function ok<T>(value: T): Validation<T> {
  return { ok: true, value };
}

export function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}
