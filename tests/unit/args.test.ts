import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../../main/core/errors.js';
import { parseCommandLine } from '../../main/headless/args.js';

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
      },
    });
  });

  it('parses login --device', () => {
    const parsed = parseCommandLine(['login', '--device']);
    expect(parsed.kind === 'command' && parsed.flags.device).toBe(true);
    expect(parsed.kind === 'command' && parsed.flags.noBrowser).toBe(false);
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
