import type { NotificationConstructorOptions } from 'electron';
import type { TrayNotification } from '../../core/app/notifications.js';
import { displayText } from '../../shared/display-text.js';

/** What a click on a notification (or its button) leads to. */
export type NotificationActivation = 'sign-in' | 'show-account';

export interface NotificationSpec {
  options: NotificationConstructorOptions;
  onActivate: NotificationActivation;
}

const SIGN_IN_AGAIN = 'Sign in again';

/**
 * The OS notification for one of the core's. An expired session offers "Sign in again" (a button
 * where the OS has them, macOS; the click itself everywhere else); the others open the account.
 */
export function notificationSpec(notification: TrayNotification): NotificationSpec {
  const base = { title: displayText(notification.title), body: displayText(notification.body) };
  switch (notification.kind) {
    case 'session_expired':
      return {
        options: {
          ...base,
          actions: [{ type: 'button', text: SIGN_IN_AGAIN }],
          urgency: 'critical',
          timeoutType: 'never',
        },
        onActivate: 'sign-in',
      };
    case 'refresh_failing':
      return { options: { ...base, urgency: 'normal' }, onActivate: 'show-account' };
    case 'signed_in':
      return { options: { ...base, silent: true }, onActivate: 'show-account' };
  }
}

/** A menu action that failed: the message is the core's one sentence for the user. */
export function failureSpec(message: string): NotificationSpec {
  return { options: { title: 'Pipecat Cloud', body: displayText(message) }, onActivate: 'show-account' };
}

/** The parts of Electron's Notification the notifier uses. */
export interface NotificationLike {
  show(): void;
  on(event: 'click' | 'action' | 'close', listener: () => void): unknown;
}

export interface NotifierDeps {
  isSupported(): boolean;
  create(options: NotificationConstructorOptions): NotificationLike;
  activate(activation: NotificationActivation): void;
}

/**
 * Shows notifications and keeps each one referenced until it is clicked or closed: Electron holds
 * only a weak reference, and a collected Notification drops its click (electron/electron#16922).
 */
export function createNotifier(deps: NotifierDeps): (spec: NotificationSpec) => void {
  const live = new Set<NotificationLike>();
  return ({ options, onActivate }) => {
    if (!deps.isSupported()) return;
    const notification = deps.create(options);
    live.add(notification);
    const activate = (): void => {
      live.delete(notification);
      deps.activate(onActivate);
    };
    notification.on('click', activate);
    notification.on('action', activate);
    notification.on('close', () => live.delete(notification));
    notification.show();
  };
}
