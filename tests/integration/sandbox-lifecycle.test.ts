import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox } from '../../sandbox/sandbox.js';
import { clientFor } from './sandbox-client.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sandbox-lifecycle-test-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sandbox lifecycle', () => {
  it('close() ends open connections, frees the port and removes its temp dir', async () => {
    const sandbox = await startSandbox();
    const client = clientFor(sandbox);
    // A kept-alive connection stays open after this request.
    expect((await client.get('/auth/config')).status).toBe(200);
    await sandbox.close();
    await sandbox.close();
    expect(existsSync(dirname(sandbox.caFile))).toBe(false);
    await expect(client.get('/auth/config')).rejects.toThrow();
    await client.close();

    const again = await startSandbox({ port: sandbox.port });
    try {
      expect(again.apiHost).toBe(sandbox.apiHost);
      expect(again.caPem).not.toBe(sandbox.caPem);
    } finally {
      await again.close();
    }
  });

  it('writes the CA into a given dir and keeps it there', async () => {
    const sandbox = await startSandbox({ dir: join(dir, 'ca') });
    await sandbox.close();
    expect(sandbox.caFile).toBe(join(dir, 'ca', 'ca.pem'));
    expect(await readFile(sandbox.caFile, 'utf8')).toBe(sandbox.caPem);
  });

  it('fails to start on a port in use', async () => {
    const first = await startSandbox();
    try {
      await expect(startSandbox({ port: first.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await first.close();
    }
  });

  it('takes its own accounts', async () => {
    const sandbox = await startSandbox({
      accounts: [{ userId: 'user_a', password: 'pw', emails: ['a@example.com'], organizations: [] }],
    });
    try {
      expect(sandbox.account).toEqual({ email: 'a@example.com', userId: 'user_a', password: 'pw' });
      const client = clientFor(sandbox);
      const tokens = await client.signIn();
      const orgs = await client.get('/v1/organizations', { token: tokens.access_token });
      expect(await orgs.json()).toEqual({ organizations: [] });
      await client.close();
    } finally {
      await sandbox.close();
    }
  });
});
