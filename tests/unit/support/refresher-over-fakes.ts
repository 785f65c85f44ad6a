/** A real Refresher over the fakes, wired as the app wires it over the real file, provider and lock. */
import { Refresher, type RefresherStore } from '../../../main/core/session/refresher.js';
import type { FakeLock } from './fake-credentials.js';
import type { FakeProvider } from './fake-provider.js';
import type { VirtualClock } from './virtual-clock.js';

/** Discovery and the token endpoint from `provider`; time, timers and randomness from `clock`. */
export function refresherOverFakes(fakes: {
  store: RefresherStore;
  provider: FakeProvider;
  lock: FakeLock;
  clock: VirtualClock;
}): Refresher {
  const { store, provider, lock, clock } = fakes;
  return new Refresher({
    store,
    provider: provider.discovery,
    lock: lock.run,
    clock,
    random: clock.random,
    refresh: provider.refresh,
  });
}
