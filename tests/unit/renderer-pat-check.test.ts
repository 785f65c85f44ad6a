import { describe, expect, it } from 'vitest';
import { checkPersonalAccessToken } from '../../main/core/actions/use-personal-access-token.js';
import { PAT_PREFIX as CORE_PAT_PREFIX } from '../../main/core/status/account-status.js';
import { checkPatInput, PAT_PREFIX } from '../../renderer/pat-check.js';

/** What the core makes of an input: the token it would send, or undefined for a refusal. */
function coreVerdict(input: string): string | undefined {
  try {
    return checkPersonalAccessToken(input);
  } catch {
    return undefined;
  }
}

const INPUTS = [
  '',
  '   ',
  'abc',
  'pcc_pat_',
  'pcc_pat_abc',
  '  pcc_pat_abc\n',
  'pcc_pat_ab c',
  'PCC_PAT_abc',
  'eyJhbGciOiJSUzI1NiJ9.payload.signature',
  'pcc_pat_abc\tdef',
  'xpcc_pat_abc',
];

describe("the PAT dialog's own check", () => {
  it('uses the same prefix as the core', () => {
    expect(PAT_PREFIX).toBe(CORE_PAT_PREFIX);
  });

  it.each(INPUTS)('agrees with the core on %j', (input) => {
    const local = checkPatInput(input);
    expect(local.ok ? local.pat : undefined).toBe(coreVerdict(input));
  });

  it('names the prefix and says nothing was sent', () => {
    expect(checkPatInput('abc')).toEqual({
      ok: false,
      message: 'That is not a personal access token: they start with pcc_pat_. Nothing was sent.',
    });
    expect(checkPatInput('  ')).toEqual({ ok: false, message: 'Paste a personal access token first.' });
  });
});
