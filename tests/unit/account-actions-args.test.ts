import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../main/headless/args.js';

function usageMessage(argv: string[]): string {
  try {
    parseCommandLine(argv);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('the account commands on the command line', () => {
  it('knows use-pat, orgs, logout and refresh', () => {
    for (const command of ['use-pat', 'orgs', 'logout', 'refresh']) {
      expect(parseCommandLine([command])).toMatchObject({ kind: 'command', command });
    }
  });

  it('takes --use NAME for orgs only', () => {
    expect(parseCommandLine(['orgs', '--use', 'acme'])).toMatchObject({ flags: { use: 'acme' } });
    expect(usageMessage(['status', '--use', 'acme'])).toContain('--use only goes with orgs');
  });

  it('refuses a token after use-pat, says why, and does not repeat it', () => {
    const message = usageMessage(['use-pat', 'pcc_pat_secret']);
    expect(message).toContain('leaks into shell history and process lists');
    expect(message.includes('pcc_pat_secret')).toBe(false);
  });

  it('never repeats a PAT given where another argument or a command was expected', () => {
    for (const argv of [['status', 'pcc_pat_secret'], ['pcc_pat_secret'], ['logout', 'x-pcc_pat_secret']]) {
      expect(usageMessage(argv).includes('pcc_pat_secret')).toBe(false);
    }
    expect(usageMessage(['status', 'other'])).toContain('"other"');
  });
});
