// @ts-check
/**
 * Which folder may import which: read from the table in docs/architecture.md (the one place a
 * boundary is written down), enforced on every import of the shipped code and the sandbox.
 *
 * A row names a layer, the path it covers (a folder, or one file, which wins over its folder), the
 * layers it may import (`(types)` after a name: type-only imports), and the packages it may use
 * (`dependencies`: package.json's runtime dependencies and node: builtins; `electron`; `any`; or
 * none). devDependencies are never a shipped layer's: an installed app or package lacks them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @typedef {{ name: string; at: string; mayImport: Map<string, 'all' | 'types'>; packages: Set<string> }} Layer
 */

/** @param {string} markdown @returns {Layer[]} */
export function parseLayerTable(markdown) {
  const start = markdown.indexOf('<!-- layers -->');
  if (start < 0) throw new Error('docs/architecture.md has no <!-- layers --> table');
  /** @type {Layer[]} */
  const layers = [];
  for (const line of markdown.slice(start).split('\n').slice(1)) {
    if (!line.startsWith('|')) {
      if (layers.length > 0) break;
      continue;
    }
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.replaceAll('`', '').trim());
    if (cells.length !== 4 || cells[0] === 'layer' || /^-+$/.test(cells[0] ?? '')) continue;
    const [name = '', at = '', imports = '', packages = ''] = cells;
    const mayImport = new Map();
    for (const entry of imports.split(',').map((item) => item.trim())) {
      if (entry === '' || entry === 'nothing') continue;
      const [layer = '', types] = entry.split(/\s+/);
      mayImport.set(layer, types === '(types)' ? 'types' : 'all');
    }
    const allowed = new Set(
      packages
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item && item !== 'none'),
    );
    layers.push({ name, at, mayImport, packages: allowed });
  }
  return layers;
}

/** The layer a repository-relative path belongs to: the longest matching path wins. */
function layerOf(/** @type {Layer[]} */ layers, /** @type {string} */ relative) {
  let best;
  for (const layer of layers) {
    const covers = relative === layer.at || relative.startsWith(`${layer.at}/`);
    if (covers && (!best || layer.at.length > best.at.length)) best = layer;
  }
  return best;
}

/** A built file's source: imports name `x.js`, the file is `x.ts`. */
const sourcePath = (/** @type {string} */ file) => file.replace(/\.js$/, '.ts');

/** @param {Layer[]} layers @param {{ dependencies: string[] }} pkg */
export function createLayersRule(layers, pkg) {
  const runtime = new Set(pkg.dependencies);
  /** @type {import('eslint').Rule.RuleModule} */
  const rule = {
    meta: { type: 'problem', schema: [], docs: { description: 'layer boundaries of docs/architecture.md' } },
    create(context) {
      const from = layerOf(layers, path.relative(ROOT, context.filename).split(path.sep).join('/'));
      if (!from) return {};
      /** @param {import('estree').Node} node @param {string} source @param {boolean} typeOnly */
      const check = (node, source, typeOnly) => {
        const problem = describe(from, source, typeOnly, context.filename);
        if (problem) context.report({ node, message: `${problem} (see the table in docs/architecture.md)` });
      };
      const visit = (/** @type {any} */ node) => {
        if (node.source && typeof node.source.value === 'string') {
          check(node, node.source.value, node.importKind === 'type' || node.exportKind === 'type');
        }
      };
      return {
        ImportDeclaration: visit,
        ExportNamedDeclaration: visit,
        ExportAllDeclaration: visit,
        ImportExpression: (node) => {
          if (node.source.type === 'Literal' && typeof node.source.value === 'string')
            check(node, node.source.value, false);
        },
      };
    },
  };

  /** @param {Layer} from @param {string} source @param {boolean} typeOnly @param {string} filename */
  function describe(from, source, typeOnly, filename) {
    if (source.startsWith('.')) {
      const target = path.relative(ROOT, sourcePath(path.resolve(path.dirname(filename), source)));
      const to = layerOf(layers, target.split(path.sep).join('/'));
      if (!to) return `${from.name} must not import ${target} (outside the shipped layers)`;
      if (to === from) return undefined;
      const allowed = from.mayImport.get(to.name);
      if (!allowed) return `${from.name} must not import ${to.name} (${target})`;
      if (allowed === 'types' && !typeOnly) return `${from.name} may import only types from ${to.name}`;
      return undefined;
    }
    const name = source.startsWith('node:')
      ? 'node:'
      : source
          .split('/')
          .slice(0, source.startsWith('@') ? 2 : 1)
          .join('/');
    const ok =
      from.packages.has('any') ||
      from.packages.has(name) ||
      (from.packages.has('dependencies') && (name === 'node:' || runtime.has(name)));
    return ok ? undefined : `${from.name} must not import the package ${name}`;
  }

  return rule;
}

/** The rule as configured by this repository's table and package.json. */
export function repositoryLayersRule() {
  const markdown = readFileSync(path.join(ROOT, 'docs', 'architecture.md'), 'utf8');
  /** @type {{ dependencies?: Record<string, string> }} */
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return createLayersRule(parseLayerTable(markdown), { dependencies: Object.keys(pkg.dependencies ?? {}) });
}
