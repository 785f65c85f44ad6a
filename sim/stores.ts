/** The credentials store as the simulated app sees it: audited, and (for one test) broken on purpose. */
import { sameSession, type StoredCredentials } from '../main/core/credentials/index.js';
import type { RefresherStore } from '../main/core/session/refresher.js';
import type { FakeCredentialsStore } from '../tests/unit/support/fake-credentials.js';

export interface SimStore extends RefresherStore {
  /** A new app process starts: drop whatever a broken store cached. */
  forget?(): void;
}

/**
 * Passes everything to the file and checks the app never writes over a change someone else made:
 * whatever the app writes or clears, the file held exactly what the app expected just before.
 */
export function auditedStore(file: FakeCredentialsStore, fail: (message: string) => never): SimStore {
  return {
    read: () => file.read(),
    async writeIfUnchanged(expected, creds) {
      const before = file.peek();
      const wrote = await file.writeIfUnchanged(expected, creds);
      if (wrote && !sameSession(before, expected)) fail('the app wrote over a change the CLI made');
      return wrote;
    },
    async clearIfUnchanged(expected) {
      const before = file.peek();
      const cleared = await file.clearIfUnchanged(expected);
      if (cleared && !sameSession(before, expected)) fail('the app cleared credentials the CLI had replaced');
      return cleared;
    },
  };
}

const NOT_READ = Symbol('not read');

/**
 * A deliberately broken app (simulation only, never shipped): it reads the file once per process
 * and then trusts its own copy, so it refreshes without re-reading what the CLI wrote.
 */
export function brokenNoRereadStore(inner: SimStore): SimStore {
  let cached: StoredCredentials | undefined | typeof NOT_READ = NOT_READ;
  return {
    async read() {
      if (cached === NOT_READ) cached = await inner.read();
      return cached;
    },
    async writeIfUnchanged(expected, creds) {
      const wrote = await inner.writeIfUnchanged(expected, creds);
      if (wrote) cached = { ...creds, ...(expected.org === undefined ? {} : { org: expected.org }) };
      return wrote;
    },
    async clearIfUnchanged(expected) {
      const cleared = await inner.clearIfUnchanged(expected);
      if (cleared) cached = undefined;
      return cleared;
    },
    forget() {
      cached = NOT_READ;
    },
  };
}
