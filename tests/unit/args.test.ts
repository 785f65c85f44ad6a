import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../../main/core/errors.js';
import { parseCommandLine, USAGE } from '../../main/headless/args.js';

describe('parseCommandLine', () => {
  it('parses a command and its flags', () => {
    expect(
      parseCommandLine(['login', '--no-browser', '--api-host', 'https://x.example', '--sandbox']),
    ).toEqual({
      kind: 'command',
      command: 'login',
      flags: {
        apiHost: 'https://x.example',
        config: undefined,
        sandbox: true,
        allowHttpLoopback: false,
        json: false,
        noBrowser: true,
        device: false,
        minValidMs: 300_000,
        keychain: false,
      },
    });
  });

  it('parses login --device', () => {
    const parsed = parseCommandLine(['login', '--device']);
    expect(parsed.kind === 'command' && parsed.flags.device).toBe(true);
    expect(parsed.kind === 'command' && parsed.flags.noBrowser).toBe(false);
  });

  it('reads token --min-valid as 90s, 5m, 1h or bare seconds', () => {
    const minValid = (text: string): unknown => {
      const parsed = parseCommandLine(['token', '--min-valid', text]);
      return parsed.kind === 'command' ? parsed.flags.minValidMs : parsed;
    };
    expect([minValid('90s'), minValid('5m'), minValid('1h'), minValid('45')]).toEqual([
      90_000, 300_000, 3_600_000, 45_000,
    ]);
    expect(() => minValid('soon')).toThrowError(
      '--min-valid takes a duration such as 90s, 5m or 1h (see pipecat-tray --help).',
    );
    expect(() => parseCommandLine(['status', '--min-valid', '5m'])).toThrowError(
      '--min-valid only goes with token (see pipecat-tray --help).',
    );
  });

  it('takes --keychain with daemon and login only, and keychain on|off', () => {
    const flagsOf = (argv: string[]): unknown => {
      const parsed = parseCommandLine(argv);
      return parsed.kind === 'command' ? parsed.flags : parsed;
    };
    expect(flagsOf(['daemon', '--keychain'])).toMatchObject({ keychain: true, keychainTo: undefined });
    expect(flagsOf(['login', '--keychain'])).toMatchObject({ keychain: true });
    expect(flagsOf(['keychain', 'off'])).toMatchObject({ keychain: false, keychainTo: 'off' });
    expect(flagsOf(['keychain', 'on'])).toMatchObject({ keychainTo: 'on' });
    expect(() => parseCommandLine(['status', '--keychain'])).toThrowError(
      '--keychain only goes with daemon and login (see pipecat-tray --help).',
    );
    for (const argv of [['keychain'], ['keychain', 'maybe']]) {
      expect(() => parseCommandLine(argv)).toThrowError(
        'keychain takes on or off (see pipecat-tray --help).',
      );
    }
    expect(() => parseCommandLine(['keychain', 'off', 'now'])).toThrowError('Unexpected argument "now"');
  });

  it('explains a bad option in its own words, with balanced quotes', () => {
    expect(() => parseCommandLine(['status', '--bogus'])).toThrowError(
      'Unknown option "--bogus" (see pipecat-tray --help).',
    );
    expect(() => parseCommandLine(['status', '--config'])).toThrowError(
      '--config needs a value (see pipecat-tray --help).',
    );
    expect(() => parseCommandLine(['status', '--json=yes'])).toThrowError(
      '--json takes no value (see pipecat-tray --help).',
    );
  });

  it('lists every option in --help, --allow-http-loopback included', () => {
    const usage = USAGE;
    for (const option of [
      '--api-host',
      '--config',
      '--sandbox',
      '--allow-http-loopback',
      '--min-valid',
      '--keychain',
    ]) {
      expect(usage).toContain(`  ${option} `);
    }
  });

  it('shows help without a command and the version on -v', () => {
    expect(parseCommandLine([])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['-v'])).toEqual({ kind: 'version' });
  });

  it('refuses unknown commands, flags and extra words with a usage error', () => {
    for (const argv of [['frobnicate'], ['login', '--bogus'], ['status', 'extra'], ['login', '--config']]) {
      expect(() => parseCommandLine(argv)).toThrowError(UserFacingError);
    }
  });
});
