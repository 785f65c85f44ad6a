/**
 * Fuzzing the credentials merge against the reader that matters (issue 5, "Fuzzing"): for a sample
 * of random CLI-shaped files, what the store writes for the default host and staging parses in
 * Python's `tomllib` (python3 >= 3.11), which agrees with smol-toml on every value and its type.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import type { TomlTable, TomlValue } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { cliDocumentArb, runMerge, withTempDir, writesArb } from '../support/fuzz-toml.js';

const run = promisify(execFile);
const CASES = 50;

/** Loads every file named in argv[1] (a JSON list) and prints each as a type-tagged tree. */
const TAGGED = `
import json, sys, tomllib
def tag(v):
    if isinstance(v, bool): return ["b", v]
    if isinstance(v, int): return ["i", str(v)]
    if isinstance(v, float): return ["f", v]
    if isinstance(v, str): return ["s", v]
    if isinstance(v, list): return ["a", [tag(x) for x in v]]
    if isinstance(v, dict): return ["t", {k: tag(x) for k, x in v.items()}]
    return ["?", repr(v)]
out = []
for name in json.load(open(sys.argv[1])):
    try:
        with open(name, "rb") as f: out.append(tag(tomllib.load(f)))
    except Exception as e:
        out.append(["error", repr(e)])
print(json.dumps(out))
`;

type Tagged = [string, unknown];

/** The same tagging of smol-toml's view: bigint is an integer, number a float. */
function tag(value: TomlValue | TomlTable): Tagged {
  if (typeof value === 'boolean') return ['b', value];
  if (typeof value === 'bigint') return ['i', value.toString()];
  if (typeof value === 'number') return ['f', value];
  if (typeof value === 'string') return ['s', value];
  if (Array.isArray(value)) return ['a', value.map(tag)];
  if (value instanceof Date) return ['?', value.toISOString()];
  return ['t', Object.fromEntries(Object.entries(value).map(([k, v]) => [k, tag(v)]))];
}

describe('fuzz: tomllib reads every merged file', () => {
  it(`agrees with smol-toml on ${CASES} random files`, async () => {
    await withTempDir(async (dir) => {
      const files: string[] = [];
      const expected: Tagged[] = [];
      await fc.assert(
        fc.asyncProperty(cliDocumentArb, writesArb, async (original, writes) => {
          const file = path.join(dir, `case-${files.length}.toml`);
          const c = await runMerge(file, original, writes);
          files.push(file);
          expected.push(tag(c.after));
        }),
        { seed: 42, numRuns: CASES },
      );
      const list = path.join(dir, 'files.json');
      await writeFile(list, JSON.stringify(files));
      const { stdout } = await run('python3', ['-c', TAGGED, list], { maxBuffer: 64 * 1024 * 1024 });
      const parsed = JSON.parse(stdout) as Tagged[];
      expect(parsed).toHaveLength(CASES);
      for (const [i, result] of parsed.entries()) {
        expect(result, `${files[i]} as tomllib reads it`).toEqual(expected[i]);
      }
    });
  });
});
