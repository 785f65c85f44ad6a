import { randomBytes } from 'node:crypto';

export const PAT_PREFIX = 'pcc_pat_';

export interface PatRecord {
  userId: string;
  /** `undefined`: every organization of the account. */
  orgs: ReadonlySet<string> | undefined;
}

/** Personal access tokens minted by tests; they never expire, only revocation kills them. */
export class PatStore {
  readonly #pats = new Map<string, PatRecord>();

  mint(userId: string, orgs?: readonly string[]): string {
    const pat = `${PAT_PREFIX}${randomBytes(24).toString('base64url')}`;
    this.#pats.set(pat, { userId, orgs: orgs ? new Set(orgs) : undefined });
    return pat;
  }

  find(pat: string): PatRecord | undefined {
    return this.#pats.get(pat);
  }

  revoke(pat: string): boolean {
    return this.#pats.delete(pat);
  }

  clear(): void {
    this.#pats.clear();
  }
}
