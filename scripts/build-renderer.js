// @ts-check
/**
 * Builds what the tray's windows load, after `tsc` has type-checked them:
 *
 * - dist/preload/preload.cjs: the preload as one CommonJS file. Sandboxed preloads run as a
 *   classic script whose `require` knows only `electron` (and events, timers, url): no ESM, no
 *   relative files. So the action registry is inlined and the build fails if any other import
 *   is left.
 * - dist/renderer/{account,pat}.js: one classic script per window (an IIFE), so the pages need no
 *   module loader over file:// and `script-src 'self'` is all the CSP has to allow.
 * - dist/renderer/*.html: with the cat logo and the partials put in (head.html, the <head> with the
 *   CSP both windows share, and pat-form.html, the PAT form), and checked for inline scripts and
 *   styles, which the CSP would block.
 * - dist/renderer/theme.css: written from main/core/pages/theme.ts, the one source of the colours
 *   the browser pages use too.
 */
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCE = path.join(ROOT, 'renderer');
const OUT = path.join(ROOT, 'dist', 'renderer');
const PRELOAD_OUT = path.join(ROOT, 'dist', 'preload', 'preload.cjs');

const PAGES = ['account', 'pat'];
const STYLES = ['base.css', 'account.css', 'pat.css'];
const LOGO_MARK = '<!-- @logo -->';
/** `<!-- @include NAME.html key="value" … -->` on a line of its own: the partial, its slots filled. */
const INCLUDE_MARK = /^( *)<!-- @include ([\w-]+\.html)((?: [\w-]+="[^"]*")*) -->$/gm;
const PARAMETER = /([\w-]+)="([^"]*)"/g;
const SLOT = /\{\{([\w-]+)\}\}/g;

/** Loads a pure TypeScript module of the core (no Node imports) by bundling it in memory. */
async function importTs(file) {
  const result = await build({
    entryPoints: [path.join(ROOT, file)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced nothing for ${file}`);
  return import(`data:text/javascript;base64,${Buffer.from(output.text).toString('base64')}`);
}

async function buildPreload() {
  const result = await build({
    entryPoints: [path.join(ROOT, 'preload', 'preload.ts')],
    outfile: PRELOAD_OUT,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'es2022',
    external: ['electron'],
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.values(result.metafile.outputs);
  const foreign = outputs.flatMap((output) => output.imports).filter((entry) => entry.path !== 'electron');
  if (foreign.length > 0) {
    const names = foreign.map((entry) => entry.path).join(', ');
    throw new Error(`the sandboxed preload may only require 'electron', but it imports: ${names}`);
  }
}

async function buildScripts() {
  await build({
    entryPoints: PAGES.map((page) => path.join(SOURCE, `${page}.ts`)),
    outdir: OUT,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'warning',
  });
}

/**
 * A partial as its mark puts it in: each `{{key}}` in it is the mark's key="value" (a missing one
 * fails the build), and each line is indented as deep as the mark.
 */
async function partial(name, parameters, indent) {
  const values = new Map([...parameters.matchAll(PARAMETER)].map(([, key, value]) => [key, value]));
  const text = (await readFile(path.join(SOURCE, name), 'utf8')).trim();
  const filled = text.replace(SLOT, (_slot, key) => {
    const value = values.get(key);
    if (value === undefined) throw new Error(`renderer/${name} needs ${key}="…" in its @include`);
    return value;
  });
  return filled.replace(/^(?=.)/gm, indent);
}

async function buildPages(logoSvg) {
  const logo = logoSvg.replace('<svg ', '<svg aria-hidden="true" focusable="false" ');
  for (const page of PAGES) {
    let html = await readFile(path.join(SOURCE, `${page}.html`), 'utf8');
    const partials = [...html.matchAll(INCLUDE_MARK)];
    for (const [mark, indent, name, parameters] of partials) {
      const text = await partial(name, parameters, indent);
      html = html.replace(mark, () => text);
    }
    html = html.replaceAll(LOGO_MARK, logo);
    checkPage(`${page}.html`, html);
    await writeFile(path.join(OUT, `${page}.html`), html);
  }
}

/** What the CSP would silently block, found at build time instead of as a blank window. */
function checkPage(name, html) {
  const problems = [];
  if (html.includes('<!-- @')) problems.push('an unresolved build marker');
  if (/<script(?![^>]*\ssrc=)[^>]*>/i.test(html)) problems.push('an inline <script>');
  if (/<style[\s>]/i.test(html) || /\sstyle=/i.test(html)) problems.push('an inline style');
  if (/\son[a-z]+=/i.test(html)) problems.push('an inline event handler');
  if (/\s(?:src|href)="(?:https?:)?\/\//i.test(html)) problems.push('remote content');
  if (!html.includes('http-equiv="Content-Security-Policy"')) problems.push('no Content-Security-Policy');
  if (problems.length > 0) throw new Error(`renderer/${name} has ${problems.join(', ')}`);
}

await rm(OUT, { recursive: true, force: true });
await mkdir(OUT, { recursive: true });
const [{ THEME_CSS }, { LOGO_SVG }] = await Promise.all([
  importTs('main/core/pages/theme.ts'),
  importTs('main/core/pages/logo.ts'),
]);
await Promise.all([
  buildPreload(),
  buildScripts(),
  buildPages(LOGO_SVG),
  writeFile(path.join(OUT, 'theme.css'), `${THEME_CSS}\n`),
  ...STYLES.map((file) => copyFile(path.join(SOURCE, file), path.join(OUT, file))),
]);
console.log(`renderer: ${PAGES.map((page) => `${page}.html`).join(', ')} and preload.cjs built`);
