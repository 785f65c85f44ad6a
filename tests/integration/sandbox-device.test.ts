import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox } from '../../sandbox/sandbox.js';
import type { Sandbox } from '../../sandbox/types.js';
import { clientFor, USER_AGENT, type SandboxClient } from './sandbox-client.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

let sandbox: Sandbox;
let client: SandboxClient;
let agent: Agent;

beforeAll(async () => {
  sandbox = await startSandbox();
  client = clientFor(sandbox);
  agent = new Agent({ connect: { ca: sandbox.caPem } });
});

afterAll(async () => {
  await agent?.close();
  await client?.close();
  await sandbox?.close();
});

async function startDeviceAuthorization(): Promise<Record<string, unknown>> {
  const response = await fetch(`${sandbox.issuer}/device/auth`, {
    method: 'POST',
    headers: { 'user-agent': USER_AGENT },
    body: new URLSearchParams({ client_id: sandbox.clientId, scope: sandbox.scopes }),
    dispatcher: agent,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

async function poll(deviceCode: string): Promise<{ status: number; error: unknown }> {
  const response = await client.token({
    grant_type: DEVICE_GRANT,
    device_code: deviceCode,
    client_id: sandbox.clientId,
  });
  return { status: response.status, error: ((await response.json()) as { error?: unknown }).error };
}

describe('sandbox device flow (RFC 8628)', () => {
  it('is advertised in discovery', async () => {
    const metadata = (await (await client.get('/oidc/.well-known/openid-configuration')).json()) as {
      device_authorization_endpoint?: string;
      grant_types_supported?: string[];
    };
    expect(metadata.device_authorization_endpoint).toBe(`${sandbox.issuer}/device/auth`);
    expect(metadata.grant_types_supported).toContain(DEVICE_GRANT);
  });

  it('advertises the interval and code lifetime the knobs set, and answers authorization_pending', async () => {
    sandbox.knobs.deviceIntervalSeconds = 2;
    sandbox.knobs.deviceCodeTtlSeconds = 90;
    const started = await startDeviceAuthorization();
    expect(started).toMatchObject({
      interval: 2,
      expires_in: 90,
      verification_uri: `${sandbox.issuer}/device`,
    });
    expect(started['verification_uri_complete']).toBe(
      `${sandbox.issuer}/device?user_code=${encodeURIComponent(String(started['user_code']))}`,
    );
    expect(await poll(String(started['device_code']))).toEqual({
      status: 400,
      error: 'authorization_pending',
    });
    expect(() => (sandbox.knobs.deviceIntervalSeconds = 0)).toThrow(RangeError);
  });
});
