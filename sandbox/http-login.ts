import { Agent, fetch } from 'undici';

export interface HttpLoginOptions {
  /** PEM of the CA to trust: the sandbox's `caPem`. */
  ca: string;
  /** Deny consent: the provider then redirects with `error=access_denied`. */
  deny?: boolean;
  /** Safety net against redirect loops. */
  maxSteps?: number;
}

export interface LoginAccount {
  /** An email of the account, or its userId. */
  email: string;
  password: string;
}

const FORM_ACTION = (step: string): RegExp =>
  new RegExp(`<form method="post" action="([^"]+)" data-step="${step}">`);

class CookieJar {
  readonly #cookies = new Map<string, string>();

  store(setCookies: readonly string[]): void {
    for (const header of setCookies) {
      const [pair = '', ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((attr) => {
        const [key = '', date = ''] = attr.split('=');
        return key.trim().toLowerCase() === 'expires' && Date.parse(date) <= Date.now();
      });
      if (expired || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * Plays the browser's part of a sign-in against the sandbox with plain HTTP: opens the
 * authorize URL, fills the login form, approves (or denies) consent, and returns the URL the
 * provider redirects to (the app's redirect URI with `code` and `state`, or `error`) without
 * requesting it, so the caller decides whether to deliver it to the app's loopback server.
 */
export async function completeLoginOverHttp(
  authorizeUrl: string,
  account: LoginAccount,
  { ca, deny = false, maxSteps = 12 }: HttpLoginOptions,
): Promise<URL> {
  const origin = new URL(authorizeUrl).origin;
  const agent = new Agent({ connect: { ca } });
  const jar = new CookieJar();
  let loggedIn = false;
  let next: { url: URL; form?: URLSearchParams } = { url: new URL(authorizeUrl) };
  try {
    for (let step = 0; step < maxSteps; step += 1) {
      const { url, form } = next;
      const response = await fetch(url, {
        method: form ? 'POST' : 'GET',
        body: form,
        redirect: 'manual',
        headers: { cookie: jar.header() },
        dispatcher: agent,
      });
      jar.store(response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        const target = new URL(location, url);
        if (target.origin !== origin) return target;
        next = { url: target };
        continue;
      }
      const html = await response.text();
      if (response.status !== 200)
        throw new Error(`sandbox sign-in: ${url.pathname} answered ${response.status}`);
      const loginAction = FORM_ACTION('login').exec(html)?.[1];
      const approveAction = FORM_ACTION('consent').exec(html)?.[1];
      const denyAction = FORM_ACTION('deny').exec(html)?.[1];
      if (loginAction) {
        if (loggedIn) throw new Error('sandbox sign-in: the login was refused');
        loggedIn = true;
        const credentials = new URLSearchParams({ login: account.email, password: account.password });
        next = { url: new URL(loginAction, url), form: credentials };
      } else if (approveAction && denyAction) {
        next = { url: new URL(deny ? denyAction : approveAction, url), form: new URLSearchParams() };
      } else {
        throw new Error(`sandbox sign-in: unexpected page at ${url.pathname}`);
      }
    }
    throw new Error('sandbox sign-in: too many steps');
  } finally {
    await agent.close();
  }
}
