import { displayText } from '../../shared/display-text.js';
import { isObject, stringField } from './json-shape.js';
import type { Organization, PipecatUser } from './types.js';

/**
 * The names here are only ever shown, so they are made safe to show right here (displayText): an
 * email or user id cannot carry a terminal sequence or a line break into any shell.
 */
export function parseUser(body: unknown): PipecatUser | undefined {
  if (!isObject(body) || !isObject(body.user)) return undefined;
  const userId = displayText(stringField(body.user, 'userId') ?? '');
  if (userId === '') return undefined;
  const emails = Array.isArray(body.user.emails) ? body.user.emails : [];
  const first: unknown = emails[0];
  const email = isObject(first) ? displayText(stringField(first, 'emailAddress') ?? '') : '';
  return { userId, email: email || undefined };
}

/**
 * An organization's `name` is an identifier (the file's `org`, the API's paths) and is kept exactly;
 * every shell that shows it passes it through displayText. `verboseName` is only shown: made safe here.
 */
export function parseOrganizations(body: unknown): Organization[] | undefined {
  if (!isObject(body) || !Array.isArray(body.organizations)) return undefined;
  const orgs: Organization[] = [];
  for (const item of body.organizations as unknown[]) {
    if (!isObject(item)) continue;
    const name = stringField(item, 'name');
    if (!name) continue;
    const verboseName = displayText(stringField(item, 'verboseName') ?? '') || displayText(name);
    orgs.push({ name, verboseName: verboseName || 'Unnamed organization' });
  }
  return orgs;
}
