import { describe, expect, it } from 'vitest';
import { formatDoctor } from '../../main/core/doctor/format.js';
import { doctorExitCode, runChecks, type CheckResult } from '../../main/core/doctor/types.js';

const ok: CheckResult = { id: 'a', title: 'Short', verdict: 'ok', detail: 'Fine.' };
const warn: CheckResult = {
  id: 'b',
  title: 'Longer title',
  verdict: 'warn',
  detail: 'Hmm.',
  fix: 'Do this.',
};
const fail: CheckResult = { id: 'c', title: 'X', verdict: 'fail', detail: 'Broken.', fix: 'Do that.' };

describe('doctorExitCode', () => {
  it('is 0 with warnings and 1 with any failure', () => {
    expect(doctorExitCode([ok, warn])).toBe(0);
    expect(doctorExitCode([ok, warn, fail])).toBe(1);
  });
});

describe('runChecks', () => {
  it('flattens results and turns a throwing check into its own failure', async () => {
    const results = await runChecks([
      { id: 'a', title: 'Short', run: async () => ok },
      { id: 'pair', title: 'Pair', run: async () => [warn, fail] },
      { id: 'boom', title: 'Boom', run: () => Promise.reject(new Error('kaput')) },
    ]);
    expect(results.map((r) => r.id)).toEqual(['a', 'b', 'c', 'boom']);
    expect(results[3]).toMatchObject({ verdict: 'fail', detail: 'The check itself failed: kaput.' });
  });
});

describe('formatDoctor', () => {
  it('aligns the columns and puts each fix under its detail', () => {
    expect(formatDoctor([ok, warn, fail])).toEqual([
      'ok    Short         Fine.',
      'warn  Longer title  Hmm.',
      '                    Fix: Do this.',
      'FAIL  X             Broken.',
      '                    Fix: Do that.',
      '',
      '1 problem found, 1 warning.',
    ]);
    expect(formatDoctor([ok]).at(-1)).toBe('All is well.');
    expect(formatDoctor([ok, warn]).at(-1)).toBe('No problems, 1 warning.');
  });
});
