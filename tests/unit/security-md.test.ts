/**
 * SECURITY.md names, for every mitigation, the test that proves it. This keeps those names true:
 * every test file it names exists, and every test it quotes (`describe › title`) is in that file.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '../..');
const text = readFileSync(path.join(REPO, 'SECURITY.md'), 'utf8');
const squash = (value: string): string => value.replace(/\s+/g, ' ').trim();

/** Inline code spans, single or double backticks, whitespace squashed (prose wraps them). */
const spans = [...text.matchAll(/``(.+?)``|`([^`]+)`/gs)].map((match) => ({
  at: match.index,
  value: squash(match[1] ?? match[2] ?? ''),
}));
const testFiles = spans.filter((span) => /^(tests|e2e)\/[^*\s]+\.test\.ts$/.test(span.value));
/** Quotes of titles follow the first test file named; earlier spans explain the format. */
const firstFileAt = testFiles[0]?.at ?? Infinity;

/** Whether `source` has the title, literally or as a template literal (`… ${kind} window`). */
function hasTitle(source: string, title: string): boolean {
  if (source.includes(title)) return true;
  // Only template literals that are test titles: `it(\`…\`` or `describe(\`…\``.
  const templates = [...source.matchAll(/\b(?:it|describe)(?:\.\w+)?\(\s*`([^`]*\$\{[^`]*)`/g)];
  return templates.some(([, template = '']) => {
    const pattern = template
      .split(/\$\{[^}]*\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&'))
      .join('.+?');
    return new RegExp(`^${pattern}$`).test(title);
  });
}

describe('SECURITY.md', () => {
  it('names test files that exist', () => {
    expect(testFiles.length).toBeGreaterThan(10);
    expect(testFiles.map((span) => span.value).filter((file) => !existsSync(path.join(REPO, file)))).toEqual(
      [],
    );
  });

  it('quotes test titles that exist in the file named before them', () => {
    const missing: string[] = [];
    let quoted = 0;
    for (const span of spans.filter((c) => c.value.includes(' › ') && c.at >= firstFileAt)) {
      const file = testFiles.filter((candidate) => candidate.at < span.at).at(-1)?.value;
      if (!file) {
        missing.push(`${span.value} (no file named before it)`);
        continue;
      }
      const source = squash(readFileSync(path.join(REPO, file), 'utf8'));
      const title = span.value.split(' › ').at(-1) ?? '';
      quoted += 1;
      if (!hasTitle(source, title)) missing.push(`${file}: ${title}`);
    }
    expect(quoted).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });

  it('names at least one test for every numbered threat', () => {
    const sections = text.split(/^### /m).slice(1);
    expect(sections.length).toBeGreaterThan(5);
    const untested = sections
      .filter((section) => !/`(tests|e2e)\/\S+\.test\.ts`/.test(section))
      .map((section) => section.split('\n')[0]);
    expect(untested).toEqual([]);
  });
});
