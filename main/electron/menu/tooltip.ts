import { displayText } from '../../shared/display-text.js';
import type { AccountView } from '../../ipc/contract.js';
import { formatDuration } from '../../shared/durations.js';

/** Windows keeps at most 127 characters of a notification-area tooltip (NOTIFYICONDATA.szTip). */
const TOOLTIP_MAX_LENGTH = 127;

/** The tray icon's tooltip: the account state in words, e.g. "Pipecat Cloud: dev@example.com · Acme". */
export function trayTooltip(view: AccountView, nowMs: number): string {
  const where = view.environment === 'production' ? '' : ` [${environmentWord(view)}]`;
  return clip(`Pipecat Cloud${where}: ${stateWords(view, nowMs)}`);
}

function stateWords(view: AccountView, nowMs: number): string {
  switch (view.status) {
    case 'signed_out':
      return 'signed out';
    case 'signing_in':
      return 'signing in, waiting for the browser';
    case 'expired':
      return 'session expired, sign in again';
    case 'error':
      return `needs attention: ${view.lastError ?? 'unknown problem'}`;
    case 'oauth':
    case 'pat': {
      const who = view.email ?? view.userId ?? 'signed in';
      const org = view.org ? ` · ${view.orgVerboseName || view.org}` : '';
      const problem = view.lastError ? ` (${view.lastError})` : ` (${methodWords(view, nowMs)})`;
      return `${who}${org}${problem}`;
    }
  }
}

function methodWords(view: AccountView, nowMs: number): string {
  if (view.status === 'pat') return 'personal access token';
  if (view.nextRefreshAtMs === undefined || view.nextRefreshAtMs <= nowMs) return 'OAuth';
  return `OAuth, refreshes in ${formatDuration(view.nextRefreshAtMs - nowMs)}`;
}

function environmentWord(view: AccountView): string {
  if (view.environment === 'staging') return 'staging';
  if (!view.customApiHost) return 'custom';
  try {
    return new URL(view.customApiHost).host;
  } catch {
    return 'custom';
  }
}

function clip(text: string): string {
  const oneLine = displayText(text);
  return oneLine.length > TOOLTIP_MAX_LENGTH ? `${oneLine.slice(0, TOOLTIP_MAX_LENGTH - 1)}…` : oneLine;
}
