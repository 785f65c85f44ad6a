import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox } from '../../sandbox/sandbox.js';
import type { Sandbox } from '../../sandbox/types.js';

const run = promisify(execFile);

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox?.close();
});

describe('sandbox TLS', () => {
  it('writes the CA certificate to caFile', async () => {
    expect(await readFile(sandbox.caFile, 'utf8')).toBe(sandbox.caPem);
    expect(sandbox.caPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it('is trusted by Python’s ssl with the CA file', async () => {
    const script = [
      'import ssl, sys, urllib.request',
      'context = ssl.create_default_context(cafile=sys.argv[2])',
      'print(urllib.request.urlopen(sys.argv[1] + "/auth/config", context=context).read().decode())',
    ].join('\n');
    const { stdout } = await run('python3', ['-c', script, sandbox.apiHost, sandbox.caFile]);
    expect(JSON.parse(stdout)).toMatchObject({ issuer: sandbox.issuer });
  });

  it('is refused by Python’s ssl without the CA file', async () => {
    const script = 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1] + "/auth/config")';
    await expect(run('python3', ['-c', script, sandbox.apiHost])).rejects.toThrow(
      /CERTIFICATE_VERIFY_FAILED/,
    );
  });

  it('is trusted by Node with NODE_EXTRA_CA_CERTS, and only with it', async () => {
    const script = `fetch(process.argv[1] + '/auth/config', { headers: { 'user-agent': 'Check/1.0' } })
      .then((r) => r.json()).then((body) => console.log(body.issuer), (e) => { console.log(e.cause?.code); process.exit(2); })`;
    const trusted = await run(process.execPath, ['-e', script, sandbox.apiHost], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: sandbox.caFile },
    });
    expect(trusted.stdout.trim()).toBe(sandbox.issuer);
    const env = { ...process.env };
    delete env['NODE_EXTRA_CA_CERTS'];
    await expect(run(process.execPath, ['-e', script, sandbox.apiHost], { env })).rejects.toMatchObject({
      stdout: expect.stringMatching(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER/),
    });
  });

  it('answers on localhost too (the certificate names both)', async () => {
    const script = [
      'import ssl, sys, urllib.request',
      'context = ssl.create_default_context(cafile=sys.argv[2])',
      'print(urllib.request.urlopen(sys.argv[1] + "/auth/config", context=context).status)',
    ].join('\n');
    const localhost = sandbox.apiHost.replace('127.0.0.1', 'localhost');
    const { stdout } = await run('python3', ['-c', script, localhost, sandbox.caFile]);
    expect(stdout.trim()).toBe('200');
  });
});
