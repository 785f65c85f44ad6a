import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePipecatCli, startPipecatCloudLogin, type CliRunOptions } from './support/cli.js';
import { AUTHORIZE_QUERY_KEYS } from './support/provider-login.js';

/**
 * The login harness against the real `pipecat cloud`, with just enough of an API to get it to its
 * authorize URL: /auth/config and the discovery document. The callback then reports a denial.
 */
describe('startPipecatCloudLogin', () => {
  let scratch: string;
  let server: Server | undefined;
  let options: CliRunOptions;
  let issuer: string;

  beforeAll(async () => {
    await ensurePipecatCli();
    scratch = await mkdtemp(join(tmpdir(), 'cli-login-test-'));
    const { caPem, certPem, keyPem } = await certificatesFor127();
    await writeFile(join(scratch, 'ca.pem'), caPem);
    server = createServer({ cert: certPem, key: keyPem }, (request, response) => {
      const body =
        request.url === '/auth/config'
          ? { issuer, client_id: 'harness-client', scopes: 'openid email offline_access' }
          : request.url === '/issuer/.well-known/openid-configuration'
            ? { issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token` }
            : undefined;
      response.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body ?? { error: 'not found' }));
    });
    const listening = server;
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    const apiHost = `https://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    issuer = `${apiHost}/issuer`;
    options = { apiHost, configPath: join(scratch, 'pipecatcloud.toml'), caFile: join(scratch, 'ca.pem') };
  }, 600_000);

  afterAll(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await rm(scratch, { recursive: true, force: true });
  });

  it.each(['stdout', 'browser'] as const)('captures the authorize URL (%s)', async (urlFrom) => {
    const login = startPipecatCloudLogin({ ...options, urlFrom });
    const url = new URL(await login.authorizeUrl);

    expect(`${url.origin}${url.pathname}`).toBe(`${issuer}/authorize`);
    expect([...url.searchParams.keys()].sort()).toEqual(AUTHORIZE_QUERY_KEYS);
    const redirectUri = url.searchParams.get('redirect_uri') ?? '';
    expect(redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:840[0-4]\/oauth_callback$/);

    const callback = await fetch(`${redirectUri}?error=access_denied&state=${url.searchParams.get('state')}`);
    expect(callback.status).toBe(200);
    const result = await login.done;
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('ᓚᘏᗢ Error: Authentication was cancelled or failed.');
    expect(result.stdout.includes(url.href)).toBe(urlFrom === 'stdout');
  });

  it('rejects authorizeUrl when the CLI gives up first', async () => {
    const login = startPipecatCloudLogin({ ...options, apiHost: 'https://127.0.0.1:9' });
    await expect(login.authorizeUrl).rejects.toThrow(/exited with code 1 before giving an authorize URL/);
    expect((await login.done).stdout).toContain('Failed to fetch authentication configuration');
  });

  it('cancels a login that is waiting for the browser', async () => {
    const login = startPipecatCloudLogin(options);
    await login.authorizeUrl;
    login.cancel();
    expect((await login.done).code).toBe(143);
  });
});

async function certificatesFor127(): Promise<{ caPem: string; certPem: string; keyPem: string }> {
  const ca = await generate([{ name: 'commonName', value: 'CLI harness test CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const leaf = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { caPem: ca.cert, certPem: leaf.cert, keyPem: leaf.private };
}
