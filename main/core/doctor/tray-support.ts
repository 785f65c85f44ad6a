import type { CheckResult } from './types.js';

/** Runs a program; resolves with its stdout, or undefined when it could not run or failed. */
export type RunCommand = (file: string, args: readonly string[]) => Promise<string | undefined>;

export interface TrayCheckInput {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  isExecutable: (command: string) => Promise<boolean>;
  run: RunCommand;
}

const WATCHER = 'org.kde.StatusNotifierWatcher';
const FALLBACK = 'Use "pipecat-tray daemon" to keep the CLI signed in without a tray.';

/** Linux tray icons need a graphical session and a StatusNotifierWatcher; best effort, "unknown" over a guess. */
export async function checkTraySupport(input: TrayCheckInput): Promise<CheckResult> {
  const base = { id: 'tray', title: 'Tray support' };
  if (input.platform !== 'linux')
    return { ...base, verdict: 'ok', detail: `${input.platform} always has a tray area.` };
  if (!input.env['DISPLAY'] && !input.env['WAYLAND_DISPLAY']) {
    return {
      ...base,
      verdict: 'warn',
      detail: 'No graphical session (neither DISPLAY nor WAYLAND_DISPLAY is set).',
      fix: FALLBACK,
    };
  }
  const desktop = input.env['XDG_CURRENT_DESKTOP'] || 'unknown desktop';
  const watched = await hasWatcher(input);
  if (watched === true)
    return { ...base, verdict: 'ok', detail: `${desktop}: a StatusNotifierWatcher is running.` };
  if (watched === false) {
    const gnome = /gnome/i.test(desktop);
    return {
      ...base,
      verdict: 'warn',
      detail: `${desktop}: no StatusNotifierWatcher on the session bus, so the tray icon will not show.`,
      fix: gnome
        ? 'Install and enable the "AppIndicator and KStatusNotifierItem Support" GNOME extension, then log out and in.'
        : `Enable your desktop's tray (StatusNotifierItem) support, or: ${FALLBACK.toLowerCase()}`,
    };
  }
  return {
    ...base,
    verdict: 'warn',
    detail: `${desktop}: unknown whether tray icons show (could not ask the session bus with gdbus or dbus-send).`,
    fix: `If no icon appears, see "When the tray icon does not appear" in the README. ${FALLBACK}`,
  };
}

async function hasWatcher(input: TrayCheckInput): Promise<boolean | undefined> {
  if (await input.isExecutable('gdbus')) {
    const out = await input.run('gdbus', [
      'call',
      '--session',
      '--dest',
      'org.freedesktop.DBus',
      '--object-path',
      '/org/freedesktop/DBus',
      '--method',
      'org.freedesktop.DBus.NameHasOwner',
      WATCHER,
    ]);
    if (out?.includes('true')) return true;
    if (out?.includes('false')) return false;
  }
  if (await input.isExecutable('dbus-send')) {
    const out = await input.run('dbus-send', [
      '--session',
      '--print-reply',
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner',
      `string:${WATCHER}`,
    ]);
    if (out?.includes('boolean true')) return true;
    if (out?.includes('boolean false')) return false;
  }
  return undefined;
}
