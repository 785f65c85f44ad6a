import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { desktopEntry, type DesktopEntryInput } from './desktop-entry.js';

const DESKTOP_FILE_NAME = 'pipecat-cloud-tray.desktop';

export interface XdgLocation {
  home: string;
  /** `$XDG_CONFIG_HOME`; ignored unless absolute, as the XDG Base Directory spec says. */
  xdgConfigHome?: string | undefined;
}

/** `$XDG_CONFIG_HOME/autostart/pipecat-cloud-tray.desktop`, else under `~/.config`. */
function autostartFile({ home, xdgConfigHome }: XdgLocation): string {
  const config = xdgConfigHome && path.isAbsolute(xdgConfigHome) ? xdgConfigHome : path.join(home, '.config');
  return path.join(config, 'autostart', DESKTOP_FILE_NAME);
}

/** Writes the entry (via a temporary file and a rename, so a session never reads half of it). */
export async function enableXdgAutostart(location: XdgLocation, entry: DesktopEntryInput): Promise<void> {
  const file = autostartFile(location);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, desktopEntry(entry), { mode: 0o644 });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export async function disableXdgAutostart(location: XdgLocation): Promise<void> {
  await rm(autostartFile(location), { force: true });
}

/**
 * On when our file is there and not switched off: desktop settings (GNOME Tweaks, KDE) turn an
 * entry off by writing `Hidden=true` or `X-GNOME-Autostart-enabled=false` into it.
 */
export async function isXdgAutostartEnabled(location: XdgLocation): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(autostartFile(location), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  return (
    !/^\s*Hidden\s*=\s*true\s*$/m.test(text) && !/^\s*X-GNOME-Autostart-enabled\s*=\s*false\s*$/m.test(text)
  );
}
