import { HIDDEN_ARGUMENT } from '../autostart/index.js';

const SANDBOX_ARGUMENT = '--sandbox';

/** What a start of the tray asks for, from its command line. */
export interface LaunchArgs {
  /** Started at login (or asked to stay in the tray): open no window. */
  hidden: boolean;
  /** Against the local identity server, with the sandbox's own credentials file. */
  sandbox: boolean;
}

/**
 * Reads the app's own switches anywhere in argv: Electron puts its executable, and in development
 * the app path, first, and Chromium may add switches of its own, so positions mean nothing.
 */
export function parseLaunchArgs(argv: readonly string[]): LaunchArgs {
  return { hidden: argv.includes(HIDDEN_ARGUMENT), sandbox: argv.includes(SANDBOX_ARGUMENT) };
}
