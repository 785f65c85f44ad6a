/**
 * Build-time only (scripts/generate-icons.ts): composes the tray and app icon SVGs around the one
 * logo drawing in build/logo.svg, which a designer may change without touching code.
 */

export interface LogoDrawing {
  viewBox: string;
  /** The root's presentation attributes (e.g. `fill-rule`), without `fill`, size or namespace. */
  attributes: string;
  /** Everything inside the root `<svg>`. */
  body: string;
}

const NOT_PRESENTATION = new Set(['xmlns', 'xmlns:xlink', 'viewBox', 'width', 'height', 'fill', 'version']);

/** Reads a standalone, single-colour SVG such as build/logo.svg; throws if it is not one. */
export function parseLogoSvg(svg: string): LogoDrawing {
  const root = /<svg\b([^>]*)>([\s\S]*)<\/svg>\s*$/.exec(svg.trim());
  if (!root) throw new Error('The logo is not a standalone <svg> element.');
  const [, rawAttributes = '', body = ''] = root;
  const attributes = [...rawAttributes.matchAll(/([\w:-]+)="([^"]*)"/g)];
  const viewBox = attributes.find(([, name]) => name === 'viewBox')?.[2];
  if (!viewBox) throw new Error('The logo has no viewBox, so it cannot be scaled.');
  const kept = attributes
    .filter(([, name = '']) => !NOT_PRESENTATION.has(name))
    .map(([attribute]) => attribute)
    .join(' ');
  return { viewBox, attributes: kept, body: body.trim() };
}

export interface Badge {
  /** Fill of the dot; black for macOS templates, where only the alpha counts. */
  color: string;
}

export interface GlyphOptions {
  size: number;
  color: string;
  /** A dot in the lower right corner, cut out of the cat with a clear ring around it. */
  badge?: Badge;
  /** A rounded tile behind the cat, so it reads on light and dark taskbars alike. */
  tile?: { color: string; border?: string };
}

// In a 100-unit canvas: the badge sits where the cat's cheek is, clear of eyes and ears.
const BADGE = { cx: 84, cy: 84, r: 14, gap: 6 };

/** A square tray glyph of `size` pixels: the cat, optionally on a tile, optionally badged. */
export function glyphSvg(logo: LogoDrawing, options: GlyphOptions): string {
  const { size, color, badge, tile } = options;
  const inset = tile ? 14 : 0;
  const cat = nestedLogo(logo, color, inset, 100 - 2 * inset, badge ? 'url(#badge-cut)' : undefined);
  const parts = [
    badge
      ? `<defs><mask id="badge-cut" maskUnits="userSpaceOnUse" x="0" y="0" width="100" height="100">` +
        `<rect width="100" height="100" fill="#fff"/>` +
        `<circle cx="${BADGE.cx}" cy="${BADGE.cy}" r="${BADGE.r + BADGE.gap}" fill="#000"/></mask></defs>`
      : '',
    tile ? tileRect(0, 100, 22, tile.color, tile.border, badge ? 'url(#badge-cut)' : undefined) : '',
    cat,
    badge ? `<circle cx="${BADGE.cx}" cy="${BADGE.cy}" r="${BADGE.r}" fill="${badge.color}"/>` : '',
  ];
  return svgRoot(size, parts.join(''));
}

export interface AppIconOptions {
  size: number;
  tile: string;
  border: string;
  color: string;
  /** Empty margin around the tile, in hundredths: macOS icons keep about 10 % clear. */
  margin: number;
}

/** The application icon: the cat on a rounded dark tile, as on the browser result pages. */
export function appIconSvg(logo: LogoDrawing, { size, tile, border, color, margin }: AppIconOptions): string {
  const side = 100 - 2 * margin;
  const radius = side * 0.225;
  const padding = side * 0.17;
  return svgRoot(
    size,
    tileRect(margin, side, radius, tile, border) +
      nestedLogo(logo, color, margin + padding, side - 2 * padding),
  );
}

function svgRoot(size: number, content: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 100 100">` +
    `${content}</svg>`
  );
}

function nestedLogo(logo: LogoDrawing, color: string, at: number, side: number, mask?: string): string {
  const masked = mask ? ` mask="${mask}"` : '';
  return (
    `<g${masked}><svg x="${at}" y="${at}" width="${side}" height="${side}" viewBox="${logo.viewBox}">` +
    `<g fill="${color}" ${logo.attributes}>${logo.body}</g></svg></g>`
  );
}

function tileRect(
  at: number,
  side: number,
  radius: number,
  fill: string,
  border?: string,
  mask?: string,
): string {
  const stroke = border ? ` stroke="${border}" stroke-width="${side / 100}"` : '';
  const masked = mask ? ` mask="${mask}"` : '';
  const half = border ? side / 200 : 0;
  return (
    `<rect x="${at + half}" y="${at + half}" width="${side - 2 * half}" height="${side - 2 * half}" ` +
    `rx="${radius}" fill="${fill}"${stroke}${masked}/>`
  );
}
