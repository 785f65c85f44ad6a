/**
 * The layer table of docs/architecture.md, as ESLint enforces it: each forbidden direction fails
 * the lint, each allowed one passes. Runs the repository's own eslint.config.js on virtual files.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: ROOT });

/** The layer rule's messages for `code` placed at `file` (repository-relative). */
async function layerProblems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const probe = 1;\n`, {
    filePath: path.join(ROOT, file),
  });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'tray/layers').map((m) => m.message);
}

describe('the layer table, enforced by lint', () => {
  it.each([
    ['main/core/x.ts', "import { app } from 'electron';", 'core must not import the package electron'],
    ['main/core/x.ts', "import { a } from '../electron/app/tray-app.js';", 'core must not import electron'],
    ['main/core/x.ts', "import { a } from '../headless/cli.js';", 'core must not import headless'],
    ['main/core/x.ts', "import type { A } from '../ipc/contract.js';", 'core must not import contract'],
    ['main/core/x.ts', "import { a } from '../../renderer/dom.js';", 'core must not import renderer'],
    ['main/electron/x.ts', "import { a } from '../headless/cli.js';", 'electron must not import headless'],
    [
      'main/headless/x.ts',
      "import { a } from '../electron/tray-main.js';",
      'headless must not import electron',
    ],
    ['preload/x.ts', "import { a } from '../main/core/errors.js';", 'preload must not import core'],
    ['preload/x.ts', "import { a } from '../main/ipc/actions.js';", 'preload must not import ipc'],
    [
      'renderer/x.ts',
      "import { STATE_CHANNEL } from '../main/ipc/contract.js';",
      'renderer may import only types',
    ],
    ['renderer/x.ts', "import { a } from '../main/core/errors.js';", 'renderer must not import core'],
    ['main/shared/x.ts', "import { a } from '../core/errors.js';", 'shared must not import core'],
    ['main/headless/x.ts', "import { a } from '../../sandbox/index.js';", 'headless must not import sandbox'],
    ['main/core/x.ts', "const s = await import('../../sandbox/index.js');", 'core must not import sandbox'],
    [
      'main/core/x.ts',
      "import { a } from '../../tests/unit/support/virtual-clock.js';",
      'outside the shipped',
    ],
    ['main/headless/x.ts', "import { Agent } from 'undici';", 'headless must not import the package undici'],
    [
      'main/core/x.ts',
      "import { Provider } from 'oidc-provider';",
      'must not import the package oidc-provider',
    ],
  ])('%s: %s fails', async (file, code, message) => {
    const problems = await layerProblems(file, code);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it.each([
    ['main/electron/x.ts', "import { app } from 'electron';\nimport { a } from '../core/errors.js';"],
    ['main/headless/x.ts', "import { a } from '../core/errors.js';\nimport * as t from 'smol-toml';"],
    ['main/core/x.ts', "import { a } from '../shared/pat.js';\nimport { readFile } from 'node:fs/promises';"],
    [
      'preload/x.ts',
      "import { contextBridge } from 'electron';\nimport { STATE_CHANNEL } from '../main/ipc/contract.js';",
    ],
    [
      'renderer/x.ts',
      "import type { TrayApi } from '../main/ipc/contract.js';\nimport { a } from '../main/shared/pat.js';",
    ],
    ['sandbox/x.ts', "import { Agent } from 'undici';\nimport { a } from '../main/core/errors.js';"],
  ])('%s: allowed imports pass', async (file, code) => {
    expect(await layerProblems(file, code)).toEqual([]);
  });
});
