import { isObject, stringField } from './json-shape.js';
import type { Organization, PipecatUser } from './types.js';

export function parseUser(body: unknown): PipecatUser | undefined {
  if (!isObject(body) || !isObject(body.user)) return undefined;
  const userId = stringField(body.user, 'userId');
  if (userId === undefined) return undefined;
  const emails = Array.isArray(body.user.emails) ? body.user.emails : [];
  const first: unknown = emails[0];
  const email = isObject(first) ? stringField(first, 'emailAddress') : undefined;
  return { userId, email: email || undefined };
}

export function parseOrganizations(body: unknown): Organization[] | undefined {
  if (!isObject(body) || !Array.isArray(body.organizations)) return undefined;
  const orgs: Organization[] = [];
  for (const item of body.organizations as unknown[]) {
    if (!isObject(item)) continue;
    const name = stringField(item, 'name');
    if (!name) continue;
    orgs.push({ name, verboseName: stringField(item, 'verboseName') || name });
  }
  return orgs;
}
