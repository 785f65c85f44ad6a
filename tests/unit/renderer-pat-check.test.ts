import { describe, expect, it } from 'vitest';
import { checkPatShape } from '../../main/shared/pat.js';
import { checkPatInput } from '../../renderer/pat-check.js';

/** Each input with the token the shared rule sends, or why it refuses. */
const VERDICTS: [string, string | 'missing' | 'not_a_pat'][] = [
  ['', 'missing'],
  ['   ', 'missing'],
  ['abc', 'not_a_pat'],
  ['pcc_pat_', 'not_a_pat'],
  ['pcc_pat_abc', 'pcc_pat_abc'],
  ['  pcc_pat_abc\n', 'pcc_pat_abc'],
  ['pcc_pat_ab c', 'not_a_pat'],
  ['PCC_PAT_abc', 'not_a_pat'],
  ['eyJhbGciOiJSUzI1NiJ9.payload.signature', 'not_a_pat'],
  ['pcc_pat_abc\tdef', 'not_a_pat'],
  ['xpcc_pat_abc', 'not_a_pat'],
];

describe('the one PAT check (main/shared/pat.ts)', () => {
  it.each(VERDICTS)('%j: %s', (input, verdict) => {
    const shape = checkPatShape(input);
    expect(shape.ok ? shape.pat : shape.problem).toBe(verdict);
  });
});

describe("the PAT dialog's own check", () => {
  it.each(VERDICTS)('sends %j only when the shared rule does', (input, verdict) => {
    const local = checkPatInput(input);
    expect(local.ok ? local.pat : undefined).toBe(verdict.startsWith('pcc_pat_') ? verdict : undefined);
  });

  it('names the prefix and says nothing was sent', () => {
    expect(checkPatInput('abc')).toEqual({
      ok: false,
      message: 'That is not a personal access token: they start with pcc_pat_. Nothing was sent.',
    });
    expect(checkPatInput('  ')).toEqual({ ok: false, message: 'Paste a personal access token first.' });
  });
});
