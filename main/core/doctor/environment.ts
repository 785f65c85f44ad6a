import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import type { CheckResult } from './types.js';

/** The CLI prefers a token in its environment to the file: warn, and never show the value. */
export function checkEnvironmentToken(env: NodeJS.ProcessEnv): CheckResult {
  const base = { id: 'env-token', title: 'PIPECAT_TOKEN' };
  if (!env['PIPECAT_TOKEN'])
    return { ...base, verdict: 'ok', detail: 'Not set: the CLI uses the credentials file.' };
  return {
    ...base,
    verdict: 'warn',
    detail:
      'PIPECAT_TOKEN is set in this environment (value not shown): the CLI uses it instead of the credentials file.',
    fix: 'Run "unset PIPECAT_TOKEN" (and remove it from your shell profile) so the CLI uses the file the tray keeps fresh.',
  };
}

/** Whether `command` names an executable: a path as is, a bare name through `PATH`. */
export async function isExecutable(command: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const candidates = command.includes(path.sep)
    ? [command]
    : (env['PATH'] ?? '')
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, command));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return true;
    } catch {
      // next
    }
  }
  return false;
}

export interface BrowserCheckInput {
  /** The commands `login` would try, in order (`browserCommands`), each as argv. */
  commands: readonly (readonly string[])[];
  isExecutable: (command: string) => Promise<boolean>;
}

export async function checkBrowserOpener(input: BrowserCheckInput): Promise<CheckResult> {
  const base = { id: 'browser', title: 'Browser opener' };
  const programs = input.commands.map((c) => c[0]).filter((c): c is string => Boolean(c));
  for (const program of programs) {
    if (await input.isExecutable(program))
      return { ...base, verdict: 'ok', detail: `login opens the browser with ${program}.` };
  }
  return {
    ...base,
    verdict: 'warn',
    detail: `None of ${programs.join(', ') || 'the openers'} was found, so login cannot open a browser.`,
    fix: 'Use "pipecat-tray login --no-browser" and open the printed link, or set $BROWSER to your browser.',
  };
}
