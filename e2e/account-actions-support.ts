/**
 * What the account-actions end-to-end suites add to the sign-in harness: the harness for a whole
 * file with a fresh credentials path per case, `pipecat-tray` as a child process with stdin (for
 * the PAT), an OAuth session made in-process, a token-endpoint probe, and the leak count. Nothing
 * here prints a token: helpers return statuses and counts.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll } from 'vitest';
import type { StoredCredentials } from '../main/core/credentials/index.js';
import { copyFixture } from '../tests/unit/credentials-helpers.js';
import { completeLoginOverHttp } from '../sandbox/index.js';
import type { Sandbox } from '../sandbox/index.js';
import { startProcess, type ProcessResult } from './support/child-process.js';
import { deliverCallback, startSignInHarness, type SignInHarness } from './support/sign-in-harness.js';
import { TRAY_BIN } from './support/tray-cli.js';

const REPO = path.resolve(path.dirname(TRAY_BIN), '..');
const SAFETY_TIMEOUT_MS = 60_000;

export interface TrayRun extends ProcessResult {
  /** Exactly the argv the child got, so a test can prove a token was not in it. */
  argv: readonly string[];
}

/**
 * Runs `pipecat-tray <args> --api-host <host> --config <file>` with stdin = `input` then EOF, in
 * a clean PIPECAT_* environment that trusts the sandbox CA. stdin is a pipe, not a terminal, so
 * use-pat reads one line from it. (tray-cli.ts's runTrayCli has no stdin.)
 */
export async function runTray(
  target: Pick<Sandbox, 'apiHost' | 'caFile'>,
  configPath: string,
  args: readonly string[],
  options: { input?: string } = {},
): Promise<TrayRun> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('PIPECAT_') && key !== 'BROWSER') env[key] = value;
  }
  const argv = [TRAY_BIN, ...args, '--api-host', target.apiHost, '--config', configPath];
  const running = startProcess(process.execPath, argv, {
    env: { ...env, NODE_EXTRA_CA_CERTS: target.caFile },
    cwd: REPO,
    input: options.input ?? '',
    timeoutMs: SAFETY_TIMEOUT_MS,
  });
  return { ...(await running.result), argv };
}

export interface AccountActionsSuite {
  /** The file's sign-in harness: started before its tests, closed after them. */
  readonly harness: SignInHarness;
  /** The harness's sandbox. */
  readonly sandbox: Sandbox;
  /** The stdout and stderr of every `tray` run, for the file's "printed no secret" test. */
  readonly transcripts: string[];
  /** A new `case-N/pipecatcloud.toml` in the harness's folder; nothing is created. */
  newConfigPath(): string;
  /** A new config path (its folder made) holding a copy of the CLI fixture `fixture`. */
  fileFrom(fixture: string): Promise<string>;
  /** runTray against the sandbox (or `apiHost`, trusting the sandbox CA), its output kept. */
  tray(
    configPath: string,
    args: readonly string[],
    options?: { input?: string; apiHost?: string },
  ): Promise<TrayRun>;
}

/** Registers the harness's beforeAll and afterAll for the calling test file. */
export function accountActionsSuite(): AccountActionsSuite {
  let started: SignInHarness | undefined;
  let fileCount = 0;
  const transcripts: string[] = [];
  beforeAll(async () => {
    started = await startSignInHarness();
  });
  afterAll(async () => {
    await started?.close();
  });
  const harness = (): SignInHarness => {
    if (!started) throw new Error('the account-actions harness has not started (use it in a test or hook)');
    return started;
  };
  const newConfigPath = (): string => {
    fileCount += 1;
    return path.join(harness().dir, `case-${fileCount}`, 'pipecatcloud.toml');
  };
  return {
    get harness() {
      return harness();
    },
    get sandbox() {
      return harness().sandbox;
    },
    transcripts,
    newConfigPath,
    fileFrom: async (fixture) => {
      const file = newConfigPath();
      await mkdir(path.dirname(file), { recursive: true });
      await copyFixture(fixture, file);
      return file;
    },
    tray: async (configPath, args, { input, apiHost } = {}) => {
      const { sandbox } = harness();
      const result = await runTray(
        { apiHost: apiHost ?? sandbox.apiHost, caFile: sandbox.caFile },
        configPath,
        args,
        {
          input,
        },
      );
      transcripts.push(result.stdout, result.stderr);
      return result;
    },
  };
}

/**
 * An OAuth session for the sandbox's default account in `configPath`: the core sign-in with its
 * real loopback server, the browser's part played over HTTP. Returns the stored credentials.
 */
export async function signInOAuth(harness: SignInHarness, configPath: string): Promise<StoredCredentials> {
  const { sandbox } = harness;
  const started = harness.startSignIn({ configPath });
  const callback = await completeLoginOverHttp(await started.authorizeUrl, sandbox.account, {
    ca: sandbox.caPem,
  });
  await deliverCallback(callback);
  await started.result;
  const credentials = await harness.store(configPath).read();
  if (!credentials?.refreshToken) throw new Error('the sandbox sign-in stored no refresh token');
  return credentials;
}

/** What the token endpoint says to `grant_type=refresh_token` with this token: status and `error`. */
export async function tryRefreshGrant(
  sandbox: Sandbox,
  refreshToken: string,
): Promise<{ status: number; error: string | undefined }> {
  const agent = new Agent({ connect: { ca: sandbox.caPem } });
  try {
    const response = await undiciFetch(`${sandbox.issuer}/token`, {
      method: 'POST',
      headers: { 'user-agent': 'PipecatTrayAccountTests/1.0' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: sandbox.clientId,
      }),
      dispatcher: agent,
    });
    const body = (await response.json()) as { error?: unknown };
    return { status: response.status, error: typeof body.error === 'string' ? body.error : undefined };
  } finally {
    await agent.close();
  }
}

/**
 * How many of the sandbox's secrets (tokens, codes, verifiers, PATs) appear in `texts` or its
 * request log, and how many it knew: counts only, so a failing assertion cannot print one.
 */
export function leakedSecrets(sandbox: Sandbox, texts: readonly string[]): { leaked: number; known: number } {
  const everything = [...texts, JSON.stringify(sandbox.requestLog)].join('\n');
  const secrets = sandbox.secretsSeen();
  return { leaked: secrets.filter((secret) => everything.includes(secret)).length, known: secrets.length };
}
