/**
 * The sandbox's login and consent pages: plain HTML forms with stable selectors, so people and
 * Playwright can drive them (`form[data-step=login]`, `input[name=login]`, `input[name=password]`,
 * `button[type=submit]`, `#approve`, `#deny`).
 */

export const LOGIN_TITLE = 'Sign in · Pipecat Cloud Sandbox';
export const CONSENT_TITLE = 'Authorize · Pipecat Cloud Sandbox';

export const PAGE_SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
} as const;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; background: #111; color: #eee; display: grid; place-items: center; min-height: 100vh; margin: 0; }
  h1 { font-size: 1.4rem; }
  main { background: #1c1c1c; padding: 2rem; border-radius: 12px; width: 22rem; }
  label { display: block; margin: 0.75rem 0 0.25rem; }
  input { width: 100%; box-sizing: border-box; padding: 0.5rem; }
  button { margin-top: 1rem; padding: 0.5rem 1rem; }
  .error { color: #ff8080; }
  .note { color: #999; font-size: 0.85rem; }
</style>
</head>
<body><main>
<h1>${escapeHtml(title)}</h1>
${body}
</main></body>
</html>`;
}

export interface LoginView {
  action: string;
  login?: string;
  error?: string;
}

export function loginPage({ action, login = '', error }: LoginView): string {
  const alert = error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '';
  return page(
    LOGIN_TITLE,
    `${alert}
<form method="post" action="${escapeHtml(action)}" data-step="login">
  <label for="login">Email</label>
  <input id="login" name="login" type="text" autocomplete="username" value="${escapeHtml(login)}" required autofocus>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Sign in</button>
</form>
<p class="note">A local test identity server. Nothing here is real.</p>`,
  );
}

export interface ConsentView {
  approveAction: string;
  denyAction: string;
  clientId: string;
  scopes: readonly string[];
  account: string;
}

export function consentPage({ approveAction, denyAction, clientId, scopes, account }: ConsentView): string {
  const items = scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join('');
  return page(
    CONSENT_TITLE,
    `<p><strong>${escapeHtml(clientId)}</strong> asks to act as <strong>${escapeHtml(account)}</strong>:</p>
<ul>${items}</ul>
<form method="post" action="${escapeHtml(approveAction)}" data-step="consent">
  <button type="submit" id="approve">Approve</button>
</form>
<form method="post" action="${escapeHtml(denyAction)}" data-step="deny">
  <button type="submit" id="deny">Deny</button>
</form>`,
  );
}

export function errorPage(message: string): string {
  return page('Sandbox error', `<p class="error" role="alert">${escapeHtml(message)}</p>`);
}
