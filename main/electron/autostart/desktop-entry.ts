/**
 * The XDG autostart entry (Desktop Entry Specification 1.5). `Exec` is written per the spec's
 * rules: an argument with a reserved character is double-quoted, and inside the quotes `"`, `` ` ``,
 * `$` and `\` get a backslash; `%` is doubled (field codes); then the value as a whole follows the
 * string escaping of every key, which doubles each backslash again. So `a"b` becomes `"a\\"b"`,
 * a literal backslash `\\\\`, as the spec's own examples say.
 */

export const HIDDEN_ARGUMENT = '--hidden';

export interface DesktopEntryInput {
  /** `process.execPath`: the app's executable (a deb install, an unpacked build). */
  execPath: string;
  /**
   * `process.env.APPIMAGE` when running from an AppImage: `execPath` then points into a mount
   * that is gone after the app quits, so the AppImage file itself must be started.
   */
  appImage?: string | undefined;
  /** Arguments after the executable; `--hidden` so a start at login opens no window. */
  args?: readonly string[];
  name?: string;
  comment?: string;
  /** An icon-theme name (what the deb installs) or an absolute path. */
  icon?: string;
}

const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

/** One `Exec` argument, quoted when the spec requires it (`always` for the executable). */
function quoteExecArgument(argument: string, always = false): string {
  if (hasControlCharacter(argument)) {
    throw new Error('An Exec argument cannot hold a line break or another control character.');
  }
  const quoted =
    always || RESERVED.test(argument) || argument === ''
      ? `"${argument.replace(/["`$\\]/g, (character) => `\\${character}`)}"`
      : argument;
  return escapeString(quoted.replace(/%/g, '%%'));
}

/** A tab may stand in a quoted argument; no other C0 control or DEL can. */
function hasControlCharacter(text: string): boolean {
  return [...text].some((character) => {
    const code = character.charCodeAt(0);
    return (code < 0x20 && character !== '\t') || code === 0x7f;
  });
}

/** A value of type string or localestring: backslash, then the characters with escapes of their own. */
function escapeString(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t')
    .replace(/\r/g, '\\r')
    .replace(/^ /, '\\s');
}

function execLine(input: Pick<DesktopEntryInput, 'execPath' | 'appImage' | 'args'>): string {
  const executable = input.appImage ? input.appImage : input.execPath;
  if (!executable) throw new Error('No executable to start at login.');
  return [
    quoteExecArgument(executable, true),
    ...(input.args ?? [HIDDEN_ARGUMENT]).map((arg) => quoteExecArgument(arg)),
  ].join(' ');
}

export function desktopEntry(input: DesktopEntryInput): string {
  const lines = [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.5',
    `Name=${escapeString(input.name ?? 'Pipecat Cloud Tray')}`,
    `Comment=${escapeString(input.comment ?? 'Keeps your Pipecat Cloud sign-in fresh for the pipecat cloud CLI')}`,
    `Exec=${execLine(input)}`,
    `Icon=${escapeString(input.icon ?? 'pipecat-cloud-tray')}`,
    'Terminal=false',
    'StartupNotify=false',
    'X-GNOME-Autostart-enabled=true',
  ];
  return `${lines.join('\n')}\n`;
}
