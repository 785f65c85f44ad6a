import { EventEmitter } from 'node:events';
import type { NotificationConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { notificationFor } from '../../main/core/app/notifications.js';
import {
  createNotifier,
  failureSpec,
  notificationSpec,
  type NotificationActivation,
} from '../../main/electron/app/notifier.js';
import { watchSuspend, watchWake } from '../../main/electron/app/wake-events.js';
import type { AccountState } from '../../main/core/session/account-state.js';

const base: AccountState = {
  status: 'oauth',
  apiHost: 'https://api.pipecat.daily.co',
  configPath: '/tmp/p.toml',
};

describe('notificationSpec', () => {
  it('offers "Sign in again" when the session expired, and a click signs in', () => {
    const expired = notificationFor(base, { ...base, status: 'expired' });
    if (!expired) throw new Error('the core should notify an expired session');
    const spec = notificationSpec(expired);
    expect(spec.onActivate).toBe('sign-in');
    expect(spec.options).toMatchObject({
      title: expired.title,
      body: expired.body,
      actions: [{ type: 'button', text: 'Sign in again' }],
    });
  });

  it('opens the account window for a completed sign-in and for refresh trouble', () => {
    const signedIn = notificationFor(
      { ...base, status: 'signing_in' },
      { ...base, email: 'dev@example.com', org: 'acme' },
    );
    const failing = notificationFor(base, { ...base, lastError: 'The token expires in 2 minutes.' });
    if (!signedIn || !failing) throw new Error('the core should notify both');
    expect(notificationSpec(signedIn)).toMatchObject({
      onActivate: 'show-account',
      options: { silent: true },
    });
    expect(notificationSpec(failing).onActivate).toBe('show-account');
    expect(notificationSpec(failing).options.actions).toBeUndefined();
  });

  it('says what a failed menu action was about', () => {
    expect(failureSpec('Pipecat Cloud could not be reached.')).toEqual({
      options: { title: 'Pipecat Cloud', body: 'Pipecat Cloud could not be reached.' },
      onActivate: 'show-account',
    });
  });
});

class FakeNotification extends EventEmitter {
  shown = false;
  constructor(readonly options: NotificationConstructorOptions) {
    super();
  }
  show(): void {
    this.shown = true;
  }
}

describe('createNotifier', () => {
  function setUp(supported = true) {
    const created: FakeNotification[] = [];
    const activated: NotificationActivation[] = [];
    const notify = createNotifier({
      isSupported: () => supported,
      create: (options) => {
        const notification = new FakeNotification(options);
        created.push(notification);
        return notification;
      },
      activate: (activation) => activated.push(activation),
    });
    return { notify, created, activated };
  }

  it('shows the notification, and a click or its button activates it', () => {
    const { notify, created, activated } = setUp();
    notify({ options: { title: 'a' }, onActivate: 'sign-in' });
    notify({ options: { title: 'b' }, onActivate: 'show-account' });
    expect(created.map((n) => n.shown)).toEqual([true, true]);
    created[0]?.emit('action', {}, 0);
    created[1]?.emit('click');
    expect(activated).toEqual(['sign-in', 'show-account']);
  });

  it('a closed notification does nothing', () => {
    const { notify, created, activated } = setUp();
    notify({ options: { title: 'a' }, onActivate: 'sign-in' });
    created[0]?.emit('close');
    expect(activated).toEqual([]);
  });

  it('shows nothing where the OS has no notifications', () => {
    const { notify, created } = setUp(false);
    notify({ options: { title: 'a' }, onActivate: 'sign-in' });
    expect(created).toEqual([]);
  });
});

describe('watchSuspend', () => {
  it('asks for a refresh before each suspend, and stops listening when told', () => {
    const power = new EventEmitter();
    let asked = 0;
    const stop = watchSuspend(power, () => (asked += 1));
    power.emit('suspend');
    power.emit('resume');
    expect(asked).toBe(1);
    stop();
    power.emit('suspend');
    expect(asked).toBe(1);
    expect(power.listenerCount('suspend')).toBe(0);
  });
});

describe('watchWake', () => {
  function setUp(initiallyOnline: boolean) {
    const power = new EventEmitter();
    const state = { online: initiallyOnline, checks: 0, stopped: false };
    let poll: () => void = () => undefined;
    let pollMs = 0;
    const stop = watchWake(
      {
        power,
        isOnline: () => state.online,
        every: (ms, task) => {
          pollMs = ms;
          poll = task;
          return () => (state.stopped = true);
        },
      },
      () => (state.checks += 1),
    );
    return { power, state, poll: () => poll(), pollMs: () => pollMs, stop };
  }

  it('checks on resume and on unlock', () => {
    const { power, state } = setUp(true);
    power.emit('resume');
    power.emit('unlock-screen');
    expect(state.checks).toBe(2);
  });

  it('checks when the network comes back, once per return', () => {
    const wake = setUp(false);
    expect(wake.pollMs()).toBe(15_000);
    wake.poll();
    expect(wake.state.checks).toBe(0);
    wake.state.online = true;
    wake.poll();
    wake.poll();
    expect(wake.state.checks).toBe(1);
    wake.state.online = false;
    wake.poll();
    wake.state.online = true;
    wake.poll();
    expect(wake.state.checks).toBe(2);
  });

  it('stops listening and polling', () => {
    const { power, state, stop } = setUp(true);
    stop();
    power.emit('resume');
    expect(state).toMatchObject({ checks: 0, stopped: true });
    expect(power.listenerCount('resume') + power.listenerCount('unlock-screen')).toBe(0);
  });
});
