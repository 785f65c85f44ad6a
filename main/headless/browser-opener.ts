import { spawn } from 'node:child_process';
import { delimiter } from 'node:path';

/** Splits a command line like a POSIX shell would for simple quoting (no expansions). */
function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: '"' | "'" | undefined;
  let inWord = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

/**
 * The commands to try, in order: `$BROWSER` first (a list like Python's webbrowser reads, each
 * entry with `%s` for the URL or the URL appended), then the platform's own opener.
 */
export function browserCommands(url: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[][] {
  const commands: string[][] = [];
  for (const entry of (env.BROWSER ?? '').split(delimiter)) {
    const words = splitCommandLine(entry);
    if (words.length === 0) continue;
    commands.push(
      words.some((w) => w.includes('%s')) ? words.map((w) => w.replaceAll('%s', url)) : [...words, url],
    );
  }
  if (platform === 'darwin') commands.push(['open', url]);
  else if (platform === 'win32') commands.push(['rundll32', 'url.dll,FileProtocolHandler', url]);
  else commands.push(['xdg-open', url]);
  return commands;
}

function launch(command: string[]): Promise<void> {
  const [file, ...args] = command;
  return new Promise((resolve, reject) => {
    if (!file) return reject(new Error('empty browser command'));
    const child = spawn(file, args, { detached: true, stdio: 'ignore' });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

/** Opens `url` with the first command that starts; rejects when none does. */
export async function openInBrowser(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<void> {
  let lastError: unknown = new Error('no browser command');
  for (const command of browserCommands(url, env, platform)) {
    try {
      return await launch(command);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
