import type { PreferencesStore } from '../../core/app/preferences.js';
import { UserFacingError } from '../../core/errors.js';
import type { Autostart } from '../autostart/index.js';

export interface StartAtLoginContext {
  /** `app.isPackaged`. */
  packaged: boolean;
  sandbox: boolean;
}

/**
 * The OS's start-at-login, for the installed app only. A development run would register the bare
 * Electron binary (which starts Electron's default app, not ours), and a sandbox run must not
 * change the machine at all; both say so instead of pretending.
 */
export function startAtLoginFor(context: StartAtLoginContext, real: () => Autostart): Autostart {
  if (context.packaged && !context.sandbox) return real();
  const reason = context.sandbox ? 'a sandbox run' : 'a development run';
  return {
    isEnabled: async () => false,
    setEnabled: async () => {
      throw new UserFacingError(
        `Start at login is only available in the installed app, not in ${reason}.`,
        'autostart_unavailable',
      );
    },
  };
}

/**
 * The toggle shows what the OS will do: someone may have removed the login item in System
 * Settings or switched the autostart entry off in their desktop's settings meanwhile.
 */
export async function syncStartAtLogin(
  preferences: PreferencesStore,
  autostart: Pick<Autostart, 'isEnabled'>,
): Promise<void> {
  const enabled = await autostart.isEnabled();
  const current = preferences.read();
  if (current.startAtLogin !== enabled) preferences.write({ ...current, startAtLogin: enabled });
}
