import { describe, expect, it } from 'vitest';
import { desktopEntry, type DesktopEntryInput } from '../../main/electron/autostart/desktop-entry.js';

/**
 * Reads an Exec value back the way the spec (and GLib) does: string unescaping first, then the
 * quoting rules, then `%%`. The tests compare round trips, not only the written text.
 */
function parseExec(value: string): string[] {
  const unescaped = value.replace(
    /\\(.)/g,
    (_, c: string) => ({ s: ' ', n: '\n', t: '\t', r: '\r' })[c] ?? c,
  );
  const args: string[] = [];
  let current = '';
  let quoted = false;
  let inArg = false;
  for (let i = 0; i < unescaped.length; i += 1) {
    const c = unescaped[i] ?? '';
    if (quoted) {
      if (c === '\\') current += unescaped[++i] ?? '';
      else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"') {
      quoted = true;
      inArg = true;
    } else if (c === ' ') {
      if (inArg) args.push(current);
      current = '';
      inArg = false;
    } else {
      current += c;
      inArg = true;
    }
  }
  if (inArg) args.push(current);
  return args.map((arg) => arg.replace(/%%/g, '%'));
}

function field(entry: string, key: string): string | undefined {
  return entry
    .split('\n')
    .find((line) => line.startsWith(`${key}=`))
    ?.slice(key.length + 1);
}

/** The entry's Exec value for this executable and arguments. */
function execLine(input: Pick<DesktopEntryInput, 'execPath' | 'appImage' | 'args'>): string {
  return field(desktopEntry(input), 'Exec') ?? '';
}

/** How one argument is written in Exec (`always`: as the executable, which is always quoted). */
function quoteExecArgument(argument: string, always = false): string {
  if (always) return execLine({ execPath: argument, args: [] });
  const executable = '"/usr/bin/app" ';
  return execLine({ execPath: '/usr/bin/app', args: [argument] }).slice(executable.length);
}

describe('the XDG autostart entry', () => {
  it('is an Application entry that starts the app hidden, enabled for GNOME', () => {
    const entry = desktopEntry({ execPath: '/opt/Pipecat Cloud Tray/pipecat-cloud-tray' });
    expect(entry.split('\n')[0]).toBe('[Desktop Entry]');
    expect(field(entry, 'Type')).toBe('Application');
    expect(field(entry, 'Name')).toBe('Pipecat Cloud Tray');
    expect(field(entry, 'Comment')).toMatch(/Pipecat Cloud/);
    expect(field(entry, 'Icon')).toBe('pipecat-cloud-tray');
    expect(field(entry, 'X-GNOME-Autostart-enabled')).toBe('true');
    expect(field(entry, 'Terminal')).toBe('false');
    expect(field(entry, 'Exec')).toBe('"/opt/Pipecat Cloud Tray/pipecat-cloud-tray" --hidden');
    expect(entry.endsWith('\n')).toBe(true);
  });

  it('the AppImage file wins over the executable inside its temporary mount', () => {
    const entry = desktopEntry({
      execPath: '/tmp/.mount_PipecaXYZ/pipecat-cloud-tray',
      appImage: '/home/dev/Applications/Pipecat Cloud Tray-0.1.0.AppImage',
      args: ['--hidden'],
    });
    expect(parseExec(field(entry, 'Exec') ?? '')).toEqual([
      '/home/dev/Applications/Pipecat Cloud Tray-0.1.0.AppImage',
      '--hidden',
    ]);
    expect(entry).not.toContain('.mount_');
    // An empty APPIMAGE (not an AppImage) falls back to the executable.
    expect(execLine({ execPath: '/usr/bin/app', appImage: '' })).toBe('"/usr/bin/app" --hidden');
  });

  it('quotes the executable always, and escapes spaces, quotes, backslashes, $, ` and %', () => {
    const cases: Array<[string, string]> = [
      ['/usr/bin/app', '"/usr/bin/app"'],
      ['/opt/My App/app', '"/opt/My App/app"'],
      ['/opt/say "hi"/app', '"/opt/say \\\\"hi\\\\"/app"'],
      ['C:\\odd\\path', '"C:\\\\\\\\odd\\\\\\\\path"'],
      ['/opt/$HOME/app', '"/opt/\\\\$HOME/app"'],
      ['/opt/`id`/app', '"/opt/\\\\`id\\\\`/app"'],
      ['/opt/100%/app', '"/opt/100%%/app"'],
    ];
    for (const [path, written] of cases) {
      expect(quoteExecArgument(path, true), path).toBe(written);
      expect(parseExec(execLine({ execPath: path })), path).toEqual([path, '--hidden']);
    }
  });

  it('quotes other arguments only when a reserved character asks for it', () => {
    expect(quoteExecArgument('--hidden')).toBe('--hidden');
    expect(quoteExecArgument('--name=a b')).toBe('"--name=a b"');
    expect(quoteExecArgument("it's")).toBe('"it\'s"');
    expect(quoteExecArgument('a;b')).toBe('"a;b"');
    expect(quoteExecArgument('50%')).toBe('50%%');
    expect(quoteExecArgument('')).toBe('""');
    const args = ['--hidden', 'two words', 'back\\slash', 'per%cent', 'tab\there'];
    expect(parseExec(execLine({ execPath: '/usr/bin/app', args }))).toEqual(['/usr/bin/app', ...args]);
  });

  it('refuses a path with a line break: it could add keys to the entry', () => {
    expect(() => desktopEntry({ execPath: '/opt/app\nX-Evil=true' })).toThrow(/control character/);
    expect(() => desktopEntry({ execPath: '' })).toThrow(/No executable/);
  });

  it('escapes string values too: a line break in a name cannot start a new key', () => {
    const entry = desktopEntry({ execPath: '/usr/bin/app', name: 'Pipecat\nExec=evil', comment: ' lead' });
    expect(field(entry, 'Name')).toBe('Pipecat\\nExec=evil');
    expect(field(entry, 'Comment')).toBe('\\slead');
    expect(entry.split('\n').filter((line) => line.startsWith('Exec='))).toHaveLength(1);
  });
});
