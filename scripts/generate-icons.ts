/**
 * `npm run icons`: renders build/logo.svg (the one drawing) into every icon the app and its
 * installers use, and writes build/icons.json, which records the logo they were made from so a
 * test notices when the logo changed and the icons were not regenerated. The files are committed.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { THEME } from '../main/core/pages/theme.js';
import { encodeIco } from '../main/electron/icons/ico-encoder.js';
import {
  appIconSvg,
  glyphSvg,
  parseLogoSvg,
  type GlyphOptions,
} from '../main/electron/icons/icon-artwork.js';
import { TRAY_ICON_FILES } from '../main/electron/icons/tray-icon-files.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
// Runs compiled from dist/scripts/ (npm run icons) or as source from scripts/ (the tests).
const ROOT =
  path.basename(path.dirname(HERE)) === 'dist' ? path.resolve(HERE, '../..') : path.resolve(HERE, '..');
export const BUILD_DIR = path.join(ROOT, 'build');

export interface IconFile {
  /** Relative to build/, with forward slashes. */
  file: string;
  bytes: Buffer;
  /** Pixel sizes inside the file: one for a PNG, several for an .ico. */
  sizes: number[];
}

export interface IconManifest {
  logoSha256: string;
  files: Record<string, number[]>;
}

interface Rendered {
  png: Buffer;
  premultipliedRgba: Uint8Array;
}

function render(svg: string): Rendered {
  const image = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
  return { png: image.asPng(), premultipliedRgba: image.pixels };
}

const WHITE = '#ffffff';
const BLACK = '#000000';
const TRAY_ICO_SIZES = [16, 20, 24, 32, 40, 48];
const APP_ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

/** Every icon, rendered in memory from the logo's SVG text. */
export function renderIcons(logoSvg: string): IconFile[] {
  const logo = parseLogoSvg(logoSvg);
  const glyph = (options: GlyphOptions): Rendered => render(glyphSvg(logo, options));
  const png = (file: string, size: number, options: Omit<GlyphOptions, 'size'>): IconFile => ({
    file,
    bytes: glyph({ ...options, size }).png,
    sizes: [size],
  });
  const ico = (file: string, sizes: number[], draw: (size: number) => Rendered): IconFile => ({
    file,
    bytes: encodeIco(sizes.map((size) => ({ size, ...draw(size) }))),
    sizes,
  });
  const retina = (name: string): string => name.replace(/\.png$/, '@2x.png');

  const template = { color: BLACK };
  const templateBadged = { color: BLACK, badge: { color: BLACK } };
  const light = { color: WHITE };
  const lightBadged = { color: WHITE, badge: { color: THEME.danger } };
  const tile = { color: THEME.logo, tile: { color: THEME.background, border: THEME.border } };
  const tileBadged = { ...tile, badge: { color: THEME.danger } };
  const mac = TRAY_ICON_FILES.darwin;
  const linux = TRAY_ICON_FILES.linux;
  const win = TRAY_ICON_FILES.win32;
  const appIcon = (size: number, margin: number): Rendered =>
    render(
      appIconSvg(logo, { size, margin, tile: THEME.background, border: THEME.border, color: THEME.logo }),
    );

  return [
    png(`tray/${mac.normal}`, 16, template),
    png(`tray/${retina(mac.normal)}`, 32, template),
    png(`tray/${mac.attention}`, 16, templateBadged),
    png(`tray/${retina(mac.attention)}`, 32, templateBadged),
    png(`tray/${linux.normal}`, 24, light),
    png(`tray/${retina(linux.normal)}`, 48, light),
    png(`tray/${linux.attention}`, 24, lightBadged),
    png(`tray/${retina(linux.attention)}`, 48, lightBadged),
    ico(`tray/${win.normal}`, TRAY_ICO_SIZES, (size) => glyph({ ...tile, size })),
    ico(`tray/${win.attention}`, TRAY_ICO_SIZES, (size) => glyph({ ...tileBadged, size })),
    // electron-builder makes the macOS .icns and the Linux set from this; Windows gets icon.ico.
    { file: 'icon.png', bytes: appIcon(1024, 10).png, sizes: [1024] },
    ico('icon.ico', APP_ICO_SIZES, (size) => appIcon(size, 3)),
  ];
}

export function manifestFor(logoSvg: string, files: readonly IconFile[]): IconManifest {
  return {
    logoSha256: createHash('sha256').update(logoSvg).digest('hex'),
    files: Object.fromEntries(files.map(({ file, sizes }) => [file, sizes])),
  };
}

/** JSON laid out as Prettier would, so `npm run lint` stays clean after `npm run icons`. */
export function manifestJson(manifest: IconManifest): string {
  const files = Object.entries(manifest.files).map(
    ([file, sizes]) => `    ${JSON.stringify(file)}: [${sizes.join(', ')}]`,
  );
  return `{\n  "logoSha256": ${JSON.stringify(manifest.logoSha256)},\n  "files": {\n${files.join(',\n')}\n  }\n}\n`;
}

async function main(): Promise<void> {
  const logoSvg = await readFile(path.join(BUILD_DIR, 'logo.svg'), 'utf8');
  const files = renderIcons(logoSvg);
  for (const { file, bytes, sizes } of files) {
    const target = path.join(BUILD_DIR, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, bytes);
    console.log(`build/${file}  ${sizes.join(', ')} px  ${bytes.length} bytes`);
  }
  const manifest = manifestFor(logoSvg, files);
  await writeFile(path.join(BUILD_DIR, 'icons.json'), manifestJson(manifest));
  console.log('build/icons.json');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
