import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ProcessOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Written to stdin, which is then closed so a prompt sees end-of-file instead of hanging. */
  input?: string;
  /** Leaves stdin open after `input`, for `writeInput` (text pasted into a running command). */
  keepInputOpen?: boolean;
  timeoutMs: number;
  /** A session of its own, see startProcess. */
  newSession?: boolean;
  /** Called with the whole (ANSI-stripped) stdout so far, each time more arrives. */
  onStdout?: (stdoutSoFar: string) => void;
  /** The same for stderr. */
  onStderr?: (stderrSoFar: string) => void;
}

export interface RunningProcess {
  /** Resolves when the process exits, also when killed (code 128 + signal); rejects on timeout. */
  result: Promise<ProcessResult>;
  /** SIGTERM unless told otherwise (SIGINT plays a Ctrl-C). */
  kill(signal?: NodeJS.Signals): void;
  /** More standard input, with `keepInputOpen`; ignored once the process is gone. */
  writeInput(text: string): void;
  endInput(): void;
}

/**
 * Runs a command and collects its output. With `newSession` it runs in a session of its own
 * (setsid): with no controlling terminal, Python's getpass cannot open /dev/tty and reads stdin,
 * even when the tests run in a developer's terminal.
 */
export function startProcess(
  command: string,
  args: readonly string[],
  options: ProcessOptions,
): RunningProcess {
  const child = spawn(command, args, {
    env: options.env,
    cwd: options.cwd,
    detached: options.newSession ?? false,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let timedOut = false;

  const killGroup = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      if (options.newSession) process.kill(-child.pid, signal);
      else child.kill(signal);
    } catch {
      // Already gone.
    }
  };

  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
    options.onStdout?.(stripVTControlCharacters(stdout));
  });
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
    options.onStderr?.(stripVTControlCharacters(stderr));
  });
  const input = feedInput(child.stdin, options);

  const result = new Promise<ProcessResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGKILL');
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Could not start ${command}: ${error.message}.`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const output = { stdout: stripVTControlCharacters(stdout), stderr: stripVTControlCharacters(stderr) };
      if (timedOut) {
        reject(
          new Error(
            `${[command, ...args].join(' ')} did not finish within ${options.timeoutMs} ms; ` +
              `stdout: ${JSON.stringify(output.stdout.slice(-2000))}, stderr: ${JSON.stringify(output.stderr.slice(-2000))}.`,
          ),
        );
        return;
      }
      resolve({ code: code ?? 128 + (signal ? constants.signals[signal] : 0), ...output });
    });
  });

  return { result, kill: (signal = 'SIGTERM') => killGroup(signal), ...input };
}

/** Writes `input` to the child's stdin and closes it, unless `keepInputOpen` asks for more later. */
function feedInput(
  stdin: Writable,
  options: Pick<ProcessOptions, 'input' | 'keepInputOpen'>,
): Pick<RunningProcess, 'writeInput' | 'endInput'> {
  // The CLI may exit before reading its input; that EPIPE is not the test's failure.
  stdin.on('error', () => undefined);
  if (options.keepInputOpen) stdin.write(options.input ?? '');
  else stdin.end(options.input ?? '');
  return {
    writeInput: (text) => {
      if (stdin.writable) stdin.write(text);
    },
    endInput: () => stdin.end(),
  };
}
