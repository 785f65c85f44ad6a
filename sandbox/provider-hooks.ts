import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';

import { readForm } from './http.js';
import type { KnobState } from './knobs.js';
import { withConsentForOfflineAccess } from './offline-access-consent.js';
import type { RequestLog } from './request-log.js';

type ProviderMiddleware = Parameters<Provider['use']>[0];

/** Paths as the provider sees them, below its mount point. */
const AUTHORIZATION_PATH = '/auth';
const TOKEN_PATH = '/token';
const DISCOVERY_PATH = '/.well-known/openid-configuration';
const DEVICE_AUTHORIZATION_PATH = '/device/auth';

function addConsentForOfflineAccess(): ProviderMiddleware {
  return async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === AUTHORIZATION_PATH) {
      const rewritten = withConsentForOfflineAccess(new URLSearchParams(ctx.querystring));
      if (rewritten) ctx.querystring = rewritten.toString();
    }
    await next();
  };
}

function overrideDiscovery(knobs: KnobState): ProviderMiddleware {
  return async (ctx, next) => {
    const override = knobs.discoveryOverrides;
    if (ctx.method !== 'GET' || ctx.path !== DISCOVERY_PATH || !override) {
      await next();
      return;
    }
    if ('status' in override) {
      ctx.status = override.status;
      ctx.type = override.contentType ?? 'text/plain';
      ctx.body = override.body;
      return;
    }
    await next();
    const body: unknown = ctx.body;
    if (ctx.status !== 200 || typeof body !== 'object' || body === null) return;
    const patched = Object.entries({ ...body, ...override.fields }).filter(
      ([, value]) => value !== undefined,
    );
    ctx.body = Object.fromEntries(patched);
  };
}

/** oidc-provider advertises no polling interval (clients then wait 5 s); the sandbox names one. */
function advertiseDeviceInterval(knobs: KnobState): ProviderMiddleware {
  return async (ctx, next) => {
    await next();
    const body: unknown = ctx.body;
    if (ctx.method !== 'POST' || ctx.path !== DEVICE_AUTHORIZATION_PATH || ctx.status !== 200) return;
    if (typeof body !== 'object' || body === null) return;
    ctx.body = { ...body, interval: knobs.deviceIntervalSeconds };
  };
}

function injectTokenFailures(knobs: KnobState, log: RequestLog): ProviderMiddleware {
  return async (ctx, next) => {
    const failure = ctx.method === 'POST' && ctx.path === TOKEN_PATH ? knobs.takeTokenFailure() : undefined;
    if (!failure) {
      await next();
      return;
    }
    const form = await readForm(ctx.req);
    log.countTokenRequest(form.get('grant_type') ?? 'unknown');
    log.countInjectedTokenFailure();
    ctx.status = failure.status;
    ctx.set('cache-control', 'no-store');
    ctx.body = { error: failure.error, error_description: 'failure injected by the sandbox' };
  };
}

function grantTypeOf(ctx: KoaContextWithOIDC): string {
  const grantType = ctx.oidc.params?.['grant_type'];
  return typeof grantType === 'string' ? grantType : 'unknown';
}

function witnessTokenExchange(ctx: KoaContextWithOIDC, log: RequestLog): void {
  const params = ctx.oidc.params ?? {};
  const body: unknown = ctx.body;
  const issued = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  log.witnessSecrets(
    params['code'],
    params['device_code'],
    params['code_verifier'],
    params['refresh_token'],
    issued['access_token'],
    issued['refresh_token'],
    issued['id_token'],
  );
}

export function installProviderHooks(provider: Provider, knobs: KnobState, log: RequestLog): void {
  provider.use(injectTokenFailures(knobs, log));
  provider.use(overrideDiscovery(knobs));
  provider.use(addConsentForOfflineAccess());
  provider.use(advertiseDeviceInterval(knobs));
  provider.on('grant.success', (ctx) => {
    log.countTokenRequest(grantTypeOf(ctx));
    witnessTokenExchange(ctx, log);
  });
  provider.on('grant.error', (ctx) => log.countTokenRequest(grantTypeOf(ctx)));
  provider.on('device_authorization.success', (_ctx, body) => log.witnessSecrets(body['device_code']));
  provider.on('grant.revoked', () => log.countRevokedGrants(1));
}
