/**
 * What the keychain end-to-end tests check on the file and at the provider. Every result is a
 * count, a flag or a status, never a token, so a failing assertion cannot print one.
 */
import { readFile } from 'node:fs/promises';
import type { Sandbox } from '../../sandbox/types.js';
import { parseCredentialsText } from './cli-racer.js';
import { sandboxFetch } from './daemon.js';

/** Every `refresh_token` value in the file (top level and every table), as "empty" or "set". */
export async function refreshTokensInFile(configPath: string): Promise<Array<'empty' | 'set'>> {
  const found: Array<'empty' | 'set'> = [];
  const visit = (table: Record<string, unknown>): void => {
    for (const [key, value] of Object.entries(table)) {
      if (key === 'refresh_token' && typeof value === 'string') found.push(value === '' ? 'empty' : 'set');
      else if (typeof value === 'object' && value !== null) visit(value as Record<string, unknown>);
    }
  };
  visit(parseCredentialsText(await readFile(configPath, 'utf8')));
  return found;
}

/** Whether `secret` appears anywhere in the file. */
export async function fileContains(configPath: string, secret: string): Promise<boolean> {
  return (await readFile(configPath, 'utf8')).includes(secret);
}

/**
 * The sandbox's token endpoint's answer to a refresh with `refreshToken`: its status and OAuth
 * `error` (the new tokens, if any, are dropped unread).
 */
export async function tryRefresh(
  sandbox: Sandbox,
  refreshToken: string,
): Promise<{ status: number; error?: string }> {
  const fetch = sandboxFetch(sandbox);
  const discovery = await fetch(new URL(`${sandbox.issuer}/.well-known/openid-configuration`));
  const { token_endpoint: tokenEndpoint } = (await discovery.json()) as { token_endpoint: string };
  const response = await fetch(new URL(tokenEndpoint), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: sandbox.clientId,
    }),
  });
  const body = (await response.json().catch(() => ({}))) as { error?: unknown };
  return { status: response.status, ...(typeof body.error === 'string' ? { error: body.error } : {}) };
}
