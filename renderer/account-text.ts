import type { AccountView } from '../main/ipc/contract.js';
import { formatCountdown, refreshCountdown } from '../main/shared/durations.js';

export type Tone = 'ok' | 'busy' | 'danger' | 'muted';

/** The short state shown top right, with the colour it is drawn in. */
export function statusBadge(view: AccountView): { text: string; tone: Tone } {
  switch (view.status) {
    case 'oauth':
    case 'pat':
      return view.lastError ? { text: 'Needs attention', tone: 'danger' } : { text: 'Signed in', tone: 'ok' };
    case 'signing_in':
      return { text: 'Signing in…', tone: 'busy' };
    case 'expired':
      return { text: 'Session expired', tone: 'danger' };
    case 'error':
      return { text: 'Needs attention', tone: 'danger' };
    case 'signed_out':
      return { text: 'Signed out', tone: 'muted' };
  }
}

/** "OAuth · refreshes in 23 h" (the menu's wording and rounding), or "Personal access token". */
export function methodLine(view: AccountView, nowMs: number): string {
  if (view.status === 'pat') return 'Personal access token';
  const when = refreshCountdown(view.nextRefreshAtMs, nowMs);
  return when ? `OAuth · ${when}` : 'OAuth';
}

/** The access token's countdown; undefined when there is none to show (PATs do not expire). */
export function expiryLine(view: AccountView, nowMs: number): string | undefined {
  if (view.status !== 'oauth' || !view.tokenExpiresAt) return undefined;
  const left = view.tokenExpiresAt * 1000 - nowMs;
  return left > 0 ? `Access token expires in ${formatCountdown(left)}` : 'Access token expired';
}

/** Who is signed in, as every shell names them: the email, else the user id. */
export function accountName(view: AccountView): string {
  return view.email ?? view.userId ?? 'Unknown account';
}

/** The API host without its scheme, for the line under the title. */
export function hostLabel(apiHost: string): string {
  return apiHost.replace(/^https?:\/\//, '').replace(/\/$/, '');
}
