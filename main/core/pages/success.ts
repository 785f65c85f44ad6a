import { displayText } from '../../shared/display-text.js';
import { markup } from './html.js';
import { renderDocument } from './layout.js';
import { SUCCESS_HINT, SUCCESS_TITLE } from './messages.js';

export interface SuccessDetails {
  /** The account's email, or its user id when it has no email. */
  email: string;
  /** The active organization's short name (`acme`). */
  orgName?: string;
  /** Its display name (`Acme Inc.`). */
  orgVerboseName?: string;
}

/** "Acme Inc. (acme)", or whichever of the two names exists; both equal shows one. */
function organizationLabel(details: SuccessDetails): string | undefined {
  const orgName = details.orgName && displayText(details.orgName);
  const orgVerboseName = details.orgVerboseName && displayText(details.orgVerboseName);
  if (orgVerboseName && orgName && orgVerboseName !== orgName) return `${orgVerboseName} (${orgName})`;
  return orgVerboseName || orgName || undefined;
}

export function renderSuccessPage(details: SuccessDetails): string {
  const org = organizationLabel(details);
  // Escaped as HTML by markup; displayText keeps bidi overrides from reordering what is read.
  const email = displayText(details.email);
  const initial = (Array.from(email)[0] ?? '?').toUpperCase();
  // The separator is hidden on screen, where the org gets its own line, but keeps the sentence
  // whole for screen readers and copied text: "Signed in as ada@example.com · Acme (acme)".
  const orgLine =
    org === undefined ? undefined : markup`<span class="org"><span class="sep"> · </span>${org}</span>`;
  return renderDocument({
    tone: 'success',
    heading: SUCCESS_TITLE,
    body: markup`<p class="account"><span class="avatar" aria-hidden="true">${initial}</span> <span class="who"><span class="caption">Signed in as</span> <strong class="email">${email}</strong>${orgLine}</span></p>
<p class="next">${SUCCESS_HINT}</p>`,
  });
}
