import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readRunningSandbox, sandboxStatePath, type SandboxState } from '../sandbox/state-file.js';

const CLI = resolve('dist/sandbox/cli.js');
const READY = 'Ctrl-C (or SIGTERM) stops it.';
const run = promisify(execFile);

interface Started {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts the built CLI and resolves once it printed its banner (or rejects if it exits first). */
function startCli(args: string[], env: NodeJS.ProcessEnv): Promise<Started> {
  return startCommand(process.execPath, [CLI, ...args], env);
}

async function startCommand(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(command, args, { env });
  let text = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  await new Promise<void>((ready, fail) => {
    const onData = (chunk: Buffer): void => {
      text += chunk.toString();
      if (text.includes(READY)) ready();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => fail(new Error(`sandbox CLI exited (${code}): ${text}`)));
  });
  return { child, output: () => text, exited };
}

let runtimeDir: string;
let env: NodeJS.ProcessEnv;
let cli: Started;
let state: SandboxState | undefined;

beforeAll(async () => {
  expect(existsSync(CLI), 'run `npm run build` first').toBe(true);
  runtimeDir = await mkdtemp(join(tmpdir(), 'sandbox-cli-test-'));
  env = { ...process.env, XDG_RUNTIME_DIR: runtimeDir };
  cli = await startCli(['--port', '0'], env);
  state = await readRunningSandbox(sandboxStatePath(env));
});

afterAll(async () => {
  if (cli && cli.child.exitCode === null) {
    cli.child.kill('SIGKILL');
    await cli.exited;
  }
  await rm(runtimeDir, { recursive: true, force: true });
});

describe('npm run sandbox (the CLI)', () => {
  it('prints how to use it and writes the state file', () => {
    expect(state).toEqual({
      apiHost: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/),
      caFile: expect.any(String),
      pid: cli.child.pid,
    });
    const output = cli.output();
    expect(output).toContain('  npx pipecat-tray login --sandbox\n  npx pipecat-tray status --sandbox\n');
    expect(output).toContain('  npm start -- --sandbox\n');
    expect(output).toContain(
      `PIPECAT_API_HOST=${state?.apiHost} SSL_CERT_FILE=${state?.caFile} pipecat cloud auth login`,
    );
    expect(output).toContain('dev@example.com / sandbox-password');
    expect(state?.caFile).toBe(join(runtimeDir, 'pipecat-tray-sandbox', 'ca.pem'));
  });

  it('is reachable by Python with SSL_CERT_FILE, as the `pipecat cloud` CLI reaches it', async () => {
    const script = [
      'import sys, urllib.request',
      'request = urllib.request.Request(sys.argv[1] + "/auth/config", headers={"User-Agent": "PipecatCloudCLI/1.4.0"})',
      'print(urllib.request.urlopen(request).read().decode())',
    ].join('\n');
    const { stdout } = await run('python3', ['-c', script, state?.apiHost ?? ''], {
      env: { ...process.env, SSL_CERT_FILE: state?.caFile ?? '' },
    });
    expect(JSON.parse(stdout)).toMatchObject({ issuer: `${state?.apiHost}/oidc` });
  });

  it('refuses a port in use', async () => {
    const port = new URL(state?.apiHost ?? '').port;
    await expect(startCli(['--port', port], env)).rejects.toThrow(/port is in use/);
  });

  it('removes the state file and exits on SIGTERM', async () => {
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(existsSync(sandboxStatePath(env))).toBe(false);
    expect(await readRunningSandbox(sandboxStatePath(env))).toBeUndefined();
  });
});

describe('npm run sandbox', () => {
  it('stops the server when npm itself gets SIGTERM (a service manager or a closing terminal)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-npm-test-'));
    const npmEnv = { ...process.env, XDG_RUNTIME_DIR: dir };
    try {
      const npm = await startCommand('npm', ['run', 'sandbox', '--', '--port', '0'], npmEnv);
      const running = await readRunningSandbox(sandboxStatePath(npmEnv));
      expect(running).toBeDefined();
      npm.child.kill('SIGTERM');
      await npm.exited;
      // The server process itself, not only npm, must be gone: its state file goes with it.
      await expect
        .poll(() => readRunningSandbox(sandboxStatePath(npmEnv)), { timeout: 30_000 })
        .toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
