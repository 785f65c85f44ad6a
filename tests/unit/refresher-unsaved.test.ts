import { describe, expect, it } from 'vitest';
import type { StoredCredentials } from '../../main/core/credentials/index.js';
import type { RefreshOutcome } from '../../main/core/session/refresher.js';
import { FakeCredentialsStore, FakeLock } from './support/fake-credentials.js';
import { FakeProvider } from './support/fake-provider.js';
import { refresherOverFakes } from './support/refresher-over-fakes.js';
import { VirtualClock } from './support/virtual-clock.js';

/** A file whose next write fails once (disk full, folder made read-only), reads still work. */
class FlakyWriteStore extends FakeCredentialsStore {
  failNextWrite = false;

  override async writeIfUnchanged(expected: StoredCredentials, creds: StoredCredentials): Promise<boolean> {
    if (this.failNextWrite) {
      this.failNextWrite = false;
      throw new Error('ENOSPC: no space left on device');
    }
    return super.writeIfUnchanged(expected, creds);
  }
}

describe('tokens rotated but not yet saved', () => {
  it('are written on the next check instead of replaying the dead refresh token', async () => {
    const clock = new VirtualClock({ seed: 7 });
    const provider = new FakeProvider({ clock, accessTokenLifetimeSeconds: 86_400, latencyMs: 0 });
    const initial = provider.signIn('acme');
    const store = new FlakyWriteStore(initial);
    const refresher = refresherOverFakes({ store, provider, lock: new FakeLock(), clock });
    const outcomes: RefreshOutcome[] = [];
    refresher.onOutcome((outcome) => outcomes.push(outcome));

    store.failNextWrite = true;
    expect((await refresher.refreshNow()).kind).toBe('file_error');
    // The provider rotated: the file's refresh token is dead from here on.
    expect((await store.read())?.refreshToken).toBe(initial.refreshToken);

    const retried = await refresher.checkNow();
    refresher.stop();
    expect(retried.kind).toBe('refreshed');
    const saved = await store.read();
    expect(saved && saved.refreshToken !== initial.refreshToken).toBe(true);
    expect(saved && provider.isAccessTokenValid(saved.token)).toBe(true);
    expect(provider.counters.replays).toBe(0);
    expect(provider.counters.grantsRevoked).toBe(0);
    expect(outcomes.map((o) => o.kind)).toEqual(['file_error', 'refreshed']);
  });
});
