import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startProcess, type RunningProcess } from './child-process.js';
import { cliEnvironment } from './cli-environment.js';
import { pipecatCloud, withScratchHome, type CliResult, type CliRunOptions } from './cli-run.js';

export interface CliLoginOptions extends Omit<CliRunOptions, 'input'> {
  /**
   * How the authorize URL is captured. `stdout` (default): the CLI finds no browser it trusts and
   * prints the URL, as on a headless machine. `browser`: a stand-in `xdg-open` receives it, as on
   * a desktop, and the CLI prints no URL.
   */
  urlFrom?: 'stdout' | 'browser';
}

export interface CliLogin {
  /** The exact URL the CLI would open; rejects if the CLI exits or fails before producing one. */
  authorizeUrl: Promise<string>;
  /** `pipecat cloud auth login`'s outcome; a cancelled login resolves with code 143 (SIGTERM). */
  done: Promise<CliResult>;
  cancel(): void;
}

/** The CLI's own wait for the browser's callback is 120 s; this leaves it room to report its timeout. */
const DEFAULT_TIMEOUT_MS = 150_000;
const URL_MARKER = 'Open this URL in your browser to authenticate:';

/**
 * Starts the real `pipecat cloud auth login`; drive `authorizeUrl` in a browser (e.g. Playwright),
 * then await `done`.
 */
export function startPipecatCloudLogin(options: CliLoginOptions): CliLogin {
  let child: RunningProcess | undefined;
  let cancelled = false;
  let foundUrl: (url: string) => void = () => undefined;
  let noUrl: (error: Error) => void = () => undefined;
  const authorizeUrl = new Promise<string>((resolve, reject) => {
    foundUrl = resolve;
    noUrl = reject;
  });

  const done = (async (): Promise<CliResult> => {
    const cli = await pipecatCloud();
    return withScratchHome(async (home) => {
      const capture = await prepareCapture(home, options.urlFrom ?? 'stdout');
      child = startProcess(cli.executable, [...cli.prefix, 'auth', 'login'], {
        env: cliEnvironment({ ...options, home, env: { ...capture.env, ...options.env } }),
        cwd: home,
        newSession: true,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        onStdout: (stdout) => {
          const url = urlFromStdout(stdout);
          if (url) foundUrl(url);
        },
      });
      if (cancelled) child.kill();
      let exited = false;
      if (capture.file) void watchFile(capture.file, () => exited).then((url) => url && foundUrl(url));
      try {
        const result = await child.result;
        noUrl(
          new Error(
            `pipecat cloud auth login exited with code ${result.code} before giving an authorize URL: ${tail(result)}`,
          ),
        );
        return result;
      } finally {
        exited = true;
      }
    });
  })();
  done.catch((error: unknown) => noUrl(error instanceof Error ? error : new Error(String(error))));
  // Both may be left unawaited by a test that fails early; that must not crash the run.
  authorizeUrl.catch(() => undefined);

  return {
    authorizeUrl,
    done,
    cancel: () => {
      cancelled = true;
      child?.kill();
    },
  };
}

interface UrlCapture {
  env: Record<string, string>;
  file?: string;
}

async function prepareCapture(home: string, urlFrom: 'stdout' | 'browser'): Promise<UrlCapture> {
  if (urlFrom === 'stdout') {
    // The CLI opens only a browser named open, xdg-open or x-www-browser; any other BROWSER makes it
    // print the URL instead, whatever this machine has installed or $DISPLAY says.
    return { env: { BROWSER: join(home, 'no-browser') } };
  }
  const file = join(home, 'authorize-url.txt');
  const binDirectory = join(home, 'bin');
  await mkdir(binDirectory);
  await writeFile(
    join(binDirectory, 'xdg-open'),
    `#!/bin/sh\nprintf '%s\\n' "$1" > '${file}.tmp' && mv '${file}.tmp' '${file}'\n`,
    { mode: 0o755 },
  );
  const path = [binDirectory, process.env['PATH'] ?? ''].join(delimiter);
  return { env: { BROWSER: 'xdg-open', PATH: path }, file };
}

function urlFromStdout(stdout: string): string | undefined {
  const start = stdout.indexOf(URL_MARKER);
  if (start < 0) return undefined;
  const lines = stdout.slice(start + URL_MARKER.length).split('\n');
  // The last element is an unfinished line: a URL is taken only once its line has ended.
  const complete = lines.slice(0, -1).map((line) => line.trim());
  return complete.find((line) => line.length > 0);
}

async function watchFile(file: string, stop: () => boolean): Promise<string | undefined> {
  while (!stop()) {
    try {
      const url = (await readFile(file, 'utf8')).trim();
      if (url) return url;
    } catch {
      // Not written yet.
    }
    await sleep(50);
  }
  return undefined;
}

function tail({ stdout, stderr }: CliResult): string {
  return JSON.stringify(`${stdout}\n${stderr}`.trim().slice(-2000));
}
