import type { CheckResult } from './types.js';

const MARK = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;

/** The aligned list: verdict, title, what was found, and the fix on its own line. */
export function formatDoctor(results: readonly CheckResult[]): string[] {
  const width = Math.max(...results.map((r) => r.title.length)) + 2;
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${MARK[r.verdict]}  ${r.title.padEnd(width)}${r.detail}`);
    if (r.fix) lines.push(`${' '.repeat(6 + width)}Fix: ${r.fix}`);
  }
  const fails = results.filter((r) => r.verdict === 'fail').length;
  const warns = results.filter((r) => r.verdict === 'warn').length;
  lines.push(
    '',
    fails > 0
      ? `${fails} problem${fails > 1 ? 's' : ''} found, ${warns} warning${warns === 1 ? '' : 's'}.`
      : warns > 0
        ? `No problems, ${warns} warning${warns === 1 ? '' : 's'}.`
        : 'All is well.',
  );
  return lines;
}
