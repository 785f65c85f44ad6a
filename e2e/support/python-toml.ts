import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

// Each value comes back with its Python type name, so a test can tell a float from an int.
const SCRIPT = `
import json, sys, tomllib
def tag(v):
    if isinstance(v, dict):
        return {k: tag(x) for k, x in v.items()}
    return {"type": type(v).__name__, "value": v}
with open(sys.argv[1], "rb") as f:
    print(json.dumps(tag(tomllib.load(f))))
`;

export type TaggedToml = { [key: string]: TaggedToml | { type: string; value: unknown } };

/** Parses `file` with Python's own tomllib (python3 >= 3.11); rejects if Python cannot. */
export async function loadWithPythonTomllib(file: string): Promise<TaggedToml> {
  const { stdout } = await run('python3', ['-c', SCRIPT, file]);
  return JSON.parse(stdout) as TaggedToml;
}
