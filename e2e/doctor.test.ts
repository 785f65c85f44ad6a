/**
 * `pipecat-tray doctor` as a user runs it, each diagnosis provoked for real: a port held by this
 * test, a 0644 file, a broken file, an API on a closed port, an API whose `Date` is ten minutes
 * off (a plain-http loopback API, `--allow-http-loopback`), a PIPECAT_TOKEN in the environment,
 * and the pip-installed `pipecat`, `pc` and `pcc` on PATH reading the app's file or another.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../main/core/doctor/index.js';
import {
  LEGACY_PCC_VERSION,
  PIPECAT_AI_CLI_VERSION,
  PIPECATCLOUD_VERSION,
  ensureLegacyPcc,
  ensurePipecatCli,
} from './support/cli.js';
import { runTrayCli } from './support/tray-cli.js';

const GOOD_TOML = 'token = "not-a-real-token-e2e"\norg = "acme"\n\n[acme]\n';

let dir: string;
let api: HttpServer;
let apiHost: string;
/** Added to the API's clock in its `Date` header. */
let dateOffsetMs = 0;
/** Whether the provider's discovery document advertises the device flow. */
let offersDeviceFlow = false;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pipecat-tray-doctor-'));
  api = createHttpServer((req, res) => {
    res.setHeader('date', new Date(Date.now() + dateOffsetMs).toUTCString());
    res.setHeader('content-type', 'application/json');
    if (req.url === '/auth/config') {
      res.end(JSON.stringify({ issuer: apiHost, client_id: 'doctor-e2e', scopes: 'openid' }));
    } else if (req.url === '/.well-known/openid-configuration') {
      res.end(
        JSON.stringify({
          issuer: apiHost,
          authorization_endpoint: `${apiHost}/authorize`,
          token_endpoint: `${apiHost}/token`,
          response_types_supported: ['code'],
          code_challenge_methods_supported: ['S256'],
          ...(offersDeviceFlow ? { device_authorization_endpoint: `${apiHost}/device/auth` } : {}),
        }),
      );
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiHost = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => api?.close(resolve));
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function credentialsFile(name: string, text: string, mode: number): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text, { mode });
  await chmod(file, mode);
  return file;
}

async function doctor(
  config: string,
  options: { host?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; output: string; checks: Map<string, CheckResult> }> {
  const args = [
    'doctor',
    '--json',
    '--config',
    config,
    '--api-host',
    options.host ?? apiHost,
    '--allow-http-loopback',
  ];
  const result = await runTrayCli(args, { env: options.env ?? {}, timeoutMs: 60_000 });
  const parsed = JSON.parse(result.stdout) as { ok: boolean; checks: CheckResult[] };
  expect(parsed.ok).toBe(result.code === 0);
  return {
    code: result.code,
    output: result.stdout + result.stderr,
    checks: new Map(parsed.checks.map((c) => [c.id, c])),
  };
}

function held(port: number): Promise<Server> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('pipecat-tray doctor', () => {
  it('names a busy sign-in port and who holds it, and exits 0 when only warnings remain', async () => {
    const config = await credentialsFile('busy.toml', GOOD_TOML, 0o600);
    const server = await held(8401);
    try {
      const { code, checks } = await doctor(config);
      const ports = checks.get('ports');
      expect(ports?.verdict).toBe('warn');
      expect(ports?.detail).toContain('8401');
      expect(ports?.detail).toContain(`pid ${process.pid}`);
      expect(ports?.detail).not.toContain('8400 ');
      expect(checks.get('credentials-file')?.verdict).toBe('ok');
      expect(checks.get('credentials-mode')?.verdict).toBe('ok');
      expect(checks.get('api')?.verdict).toBe('ok');
      expect(checks.get('issuer')?.verdict).toBe('ok');
      expect(checks.get('clock')?.verdict).toBe('ok');
      expect([...checks.values()].filter((c) => c.verdict === 'fail')).toEqual([]);
      expect(code).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('reports a 0644 file as too open and leaves its mode alone', async () => {
    const config = await credentialsFile('open.toml', GOOD_TOML, 0o644);
    const { code, checks, output } = await doctor(config);
    expect(checks.get('credentials-mode')).toMatchObject({
      verdict: 'fail',
      fix: expect.stringContaining('chmod 600'),
    });
    expect(checks.get('credentials-file')?.verdict).toBe('ok');
    expect((await stat(config)).mode & 0o777).toBe(0o644);
    expect(output).not.toContain('not-a-real-token-e2e');
    expect(code).toBe(1);
  });

  it('reports a file that is not TOML without quoting it', async () => {
    const config = await credentialsFile('broken.toml', 'token = "not-a-real-token-e2e\n[[[', 0o600);
    const { code, checks, output } = await doctor(config);
    expect(checks.get('credentials-file')).toMatchObject({
      verdict: 'fail',
      detail: expect.stringContaining('is not valid TOML'),
    });
    expect(output).not.toContain('not-a-real-token-e2e');
    expect(code).toBe(1);
  });

  it('reports an unreachable API with a proxy hint that never shows proxy credentials', async () => {
    const config = await credentialsFile('unreachable.toml', GOOD_TOML, 0o600);
    const closed = await held(0);
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const host = `http://127.0.0.1:${port}`;

    const bare = await doctor(config, { host });
    expect(bare.checks.get('api')).toMatchObject({
      verdict: 'fail',
      fix: expect.stringContaining('No HTTPS_PROXY'),
    });
    expect(bare.checks.get('issuer')?.verdict).toBe('warn');
    expect(bare.code).toBe(1);

    const proxied = await doctor(config, {
      host,
      env: { NO_PROXY: '*', HTTPS_PROXY: 'http://someone:proxy-password@proxy.invalid:3128' },
    });
    expect(proxied.checks.get('api')?.fix).toContain('proxy.invalid:3128');
    expect(proxied.output).not.toContain('proxy-password');
  });

  it('fails when the clock is more than 60 s off the API Date header', async () => {
    const config = await credentialsFile('clock.toml', GOOD_TOML, 0o600);
    dateOffsetMs = 10 * 60_000;
    try {
      const { code, checks } = await doctor(config);
      expect(checks.get('api')?.verdict).toBe('ok');
      expect(checks.get('clock')).toMatchObject({
        verdict: 'fail',
        detail: expect.stringMatching(/^(599|600|601) s behind the API/),
      });
      expect(code).toBe(1);
    } finally {
      dateOffsetMs = 0;
    }
  });

  it('finds pipecat, pc and pcc on PATH, with their versions and the file they read', async () => {
    const [pipecat, pcc] = await Promise.all([ensurePipecatCli(), ensureLegacyPcc()]);
    const PATH = [path.dirname(pipecat), path.dirname(pcc), process.env['PATH'] ?? ''].join(path.delimiter);
    // Group-readable: the CLI repairs that while it starts, which doctor's probes must not let it do.
    const config = await credentialsFile('cli.toml', GOOD_TOML, 0o640);
    const home = await mkdtemp(path.join(dir, 'home-'));

    const shared = await doctor(config, { env: { PATH, HOME: home, PIPECAT_CONFIG_PATH: config } });
    expect(shared.checks.get('cli-pipecat')).toMatchObject({
      verdict: 'ok',
      detail: `${pipecat}: pipecat-ai-cli ${PIPECAT_AI_CLI_VERSION} with pipecatcloud ${PIPECATCLOUD_VERSION}; "pipecat cloud" reads ${config}, the file this app keeps fresh.`,
      cli: {
        command: 'pipecat',
        path: pipecat,
        pipecatAiCliVersion: PIPECAT_AI_CLI_VERSION,
        pipecatcloudVersion: PIPECATCLOUD_VERSION,
        credentialsFile: config,
        sameFileAsApp: true,
      },
    });
    expect(shared.checks.get('cli-pc')).toMatchObject({
      verdict: 'ok',
      cli: { path: path.join(path.dirname(pipecat), 'pc'), pipecatAiCliVersion: PIPECAT_AI_CLI_VERSION },
    });
    expect(shared.checks.get('cli-pcc')).toMatchObject({
      verdict: 'ok',
      detail: `${pcc}: pipecatcloud ${LEGACY_PCC_VERSION}, from before "pipecat cloud"; "pcc" reads ${config}, the file this app keeps fresh.`,
    });
    expect(shared.checks.has('cli')).toBe(false);
    expect(shared.checks.has('cli-credentials-file')).toBe(false);
    expect((await stat(config)).mode & 0o777).toBe(0o640);

    // The app given --config while the CLI reads its default under HOME.
    const apart = await doctor(config, { env: { PATH, HOME: home } });
    const cliDefault = path.join(home, '.config', 'pipecatcloud', 'pipecatcloud.toml');
    expect(apart.checks.get('cli-pipecat')?.cli).toMatchObject({
      credentialsFile: cliDefault,
      sameFileAsApp: false,
    });
    expect(apart.checks.get('cli-credentials-file')).toEqual({
      id: 'cli-credentials-file',
      title: 'CLI credentials file',
      verdict: 'warn',
      detail: `"pipecat cloud", "pc cloud" and "pcc" read ${cliDefault}, but this app uses ${config}: the CLI does not see what the app signs in and refreshes.`,
      fix: `Give both one file: drop --config (both then use ${cliDefault}), or export PIPECAT_CONFIG_PATH="${config}" where you run the CLI, e.g. in your shell profile.`,
    });
    expect(apart.output).not.toContain('not-a-real-token-e2e');
  });

  it('says how to install the CLI when PATH has none', async () => {
    const config = await credentialsFile('no-cli.toml', GOOD_TOML, 0o600);
    const { checks } = await doctor(config, { env: { PATH: path.dirname(process.execPath) } });
    expect(checks.get('cli')).toMatchObject({
      verdict: 'warn',
      fix: 'Install it with "pip install pipecat-ai-cli", then sign in with "pipecat cloud auth login" (or "pipecat-tray login").',
    });
  });

  it('warns about PIPECAT_TOKEN overriding the file and never prints it', async () => {
    const config = await credentialsFile('env.toml', GOOD_TOML, 0o600);
    const secret = 'pcc_pat_doctor_e2e_secret_value';
    const { code, checks, output } = await doctor(config, { env: { PIPECAT_TOKEN: secret } });
    expect(checks.get('env-token')?.verdict).toBe('warn');
    expect(output).not.toContain(secret);
    expect(output).not.toContain('doctor_e2e_secret');
    expect(code).toBe(0);
  });

  it('in an SSH session says which way to sign in: the device code where offered, else the paste', async () => {
    const config = await credentialsFile('ssh.toml', GOOD_TOML, 0o600);
    const env = { SSH_CONNECTION: '192.0.2.1 50000 192.0.2.2 22' };
    const plain = (await doctor(config, { env })).checks.get('sign-in-method');
    expect(plain).toMatchObject({ verdict: 'warn', detail: expect.stringContaining('SSH session') });
    expect(plain?.fix).toContain('pipecat-tray login --no-browser');
    expect(plain?.fix).not.toContain('--device');
    offersDeviceFlow = true;
    try {
      const device = (await doctor(config, { env })).checks.get('sign-in-method');
      expect(device?.fix).toContain('pipecat-tray login --device');
    } finally {
      offersDeviceFlow = false;
    }
  });
});
