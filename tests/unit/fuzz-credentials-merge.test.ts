/**
 * Fuzzing the credentials merge (issue 5, "Fuzzing"): over random CLI-shaped files, writing the
 * default host's and then staging's credentials through CredentialsStore keeps every key and
 * table the store does not own, reads back what was written, and always leaves valid TOML.
 */
import path from 'node:path';
import fc from 'fast-check';
import type { TomlTable, TomlValue } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_API_HOST } from '../../main/core/credentials/index.js';
import {
  cliDocumentArb,
  environmentKey,
  parseDoc,
  runMerge,
  STAGING,
  toStored,
  withoutOwned,
  withTempDir,
  writesArb,
} from '../support/fuzz-toml.js';

function orgOf(t: TomlValue | undefined): string | undefined {
  if (typeof t !== 'object' || t === null || Array.isArray(t) || t instanceof Date) return undefined;
  const org = (t as TomlTable)['org'];
  return typeof org === 'string' ? org : undefined;
}

describe('fuzz: the credentials merge', () => {
  it('preserves everything it does not own and always writes TOML that parses', async () => {
    let cases = 0;
    const seen = { keptSomething: 0, defaultMirror: 0, stagingRespelled: 0, stagingExisted: 0, orgAdded: 0 };
    await withTempDir(async (dir) => {
      await fc.assert(
        fc.asyncProperty(cliDocumentArb, writesArb, async (original, writes) => {
          const file = path.join(dir, `case-${cases++}.toml`);
          const c = await runMerge(file, original, writes);

          expect(() => parseDoc(c.text)).not.toThrow();

          const after = withoutOwned(c.after, c.ownedKeys);
          for (const org of c.addedOrgs) {
            expect(after[org]).toEqual({});
            Reflect.deleteProperty(after, org);
          }
          const kept = withoutOwned(c.before, c.ownedKeys);
          expect(after).toEqual(kept);
          if (Object.keys(kept).length > 0) seen.keptSomething++;
          if (environmentKey(c.before, DEFAULT_API_HOST) !== undefined) seen.defaultMirror++;
          if (c.addedOrgs.length > 0) seen.orgAdded++;

          const topOrg = orgOf(c.before as TomlValue);
          expect(c.readDefault).toEqual(toStored({ ...writes.def, org: writes.def.org ?? topOrg }));
          const envs = c.before['environments'];
          const stagingKey = environmentKey(c.before, STAGING);
          if (stagingKey !== undefined) seen.stagingExisted++;
          if (stagingKey !== undefined && stagingKey !== STAGING) seen.stagingRespelled++;
          const stagingOrg =
            stagingKey === undefined || typeof envs !== 'object' || envs === null || Array.isArray(envs)
              ? undefined
              : orgOf((envs as TomlTable)[stagingKey]);
          expect(c.readStaging).toEqual(toStored({ ...writes.stg, org: writes.stg.org ?? stagingOrg }));
        }),
        { seed: 42, numRuns: 400 },
      );
    });
    expect(cases).toBeGreaterThanOrEqual(400);
    // Not vacuous: most files keep something, and the layout's special cases all come up.
    expect(seen.keptSomething).toBeGreaterThan(cases / 2);
    for (const [what, count] of Object.entries(seen)) expect(count, what).toBeGreaterThan(10);
  }, 30_000);
});
