/**
 * The specification lives in docs/ and names, for each rule, the code and tests that keep it.
 * Those names must stay true as files move, and nothing in the repository may send a reader to a
 * specification outside it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = path.resolve(import.meta.dirname, '../..');
const SPEC = ['docs/contract.md', 'docs/refresh-protocol.md', 'docs/security-checklist.md'];
const TOP_FOLDERS = /^(main|preload|renderer|tests|e2e|sim|bench|bin|scripts|build|docs)\//;
/** Installed, built or generated: not the repository's own text. */
const NOT_OURS = new Set(['.git', 'node_modules', 'dist', 'release', '.test-results', 'package-lock.json']);

/** Every file of the repository's own, relative to it. */
function ownFiles(folder = ''): string[] {
  return readdirSync(path.join(REPO, folder), { withFileTypes: true }).flatMap((entry) => {
    if (NOT_OURS.has(entry.name) || entry.name.startsWith('.scratch')) return [];
    const relative = path.join(folder, entry.name);
    if (entry.isDirectory()) return ownFiles(relative);
    return entry.isFile() ? [relative] : [];
  });
}

function read(file: string): string {
  return readFileSync(path.join(REPO, file), 'utf8');
}

describe('the specification in docs/', () => {
  it.each(SPEC)('%s names files that exist', (doc) => {
    const text = read(doc);
    const named = [...text.matchAll(/`([^`\s]+)`/g)]
      .map(([, span = '']) => span.replace(/\/$/, ''))
      .filter((span) => TOP_FOLDERS.test(span));
    const linked = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map(([, target = '']) =>
      path.relative(REPO, path.resolve(REPO, path.dirname(doc), target)),
    );
    expect(named.length).toBeGreaterThan(5);
    expect([...named, ...linked].filter((file) => !existsSync(path.join(REPO, file)))).toEqual([]);
  });

  it('is linked from the README', () => {
    const readme = read('README.md');
    expect(SPEC.filter((doc) => !readme.includes(`](${doc})`))).toEqual([]);
  });
});

describe('the repository', () => {
  it('points to no specification outside itself', () => {
    // Spelled in pieces, so that this file does not match itself. (main/shared is the repository's
    // own pure module; the project's original folder beside the repository is `../shared/` at the root.)
    const outside = [
      'CONTRACT' + '.md',
      'DESIGN' + '.md',
      '/work/' + 'shared',
      'shared/' + 'fixtures',
      'shared/' + 'hooks',
    ];
    const files = ownFiles();
    expect(files).toContain(path.join('tests', 'unit', 'docs-specification.test.ts'));
    const offenders = files.filter((file) => {
      const text = readFileSync(path.join(REPO, file)).toString('latin1');
      return outside.some((needle) => text.includes(needle));
    });
    expect(offenders).toEqual([]);
  });
});
