import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { readIcoDirectory } from './support/ico-reader.js';
import {
  appIconSvg,
  glyphSvg,
  parseLogoSvg,
  type GlyphOptions,
} from '../../main/electron/icons/icon-artwork.js';
import {
  BUILD_DIR,
  manifestFor,
  manifestJson,
  renderIcons,
  type IconManifest,
} from '../../scripts/generate-icons.js';

const LOGO_SVG = readFileSync(path.join(BUILD_DIR, 'logo.svg'), 'utf8');
const logo = parseLogoSvg(LOGO_SVG);

function pixels(svg: string): Uint8Array {
  return new Resvg(svg).render().pixels;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe('the committed icons', () => {
  const manifest = JSON.parse(readFileSync(path.join(BUILD_DIR, 'icons.json'), 'utf8')) as IconManifest;

  it('were generated from the current build/logo.svg (after changing it, run `npm run icons`)', () => {
    expect(manifest.logoSha256).toBe(createHash('sha256').update(LOGO_SVG).digest('hex'));
  });

  it('are the files, in the sizes, the generator writes today', () => {
    const fresh = manifestJson(manifestFor(LOGO_SVG, renderIcons(LOGO_SVG)));
    expect(readFileSync(path.join(BUILD_DIR, 'icons.json'), 'utf8')).toBe(fresh);
  });

  it('have the pixel sizes they claim: pngs one, .ico files several', () => {
    for (const [file, sizes] of Object.entries(manifest.files)) {
      const bytes = readFileSync(path.join(BUILD_DIR, file));
      if (file.endsWith('.png')) {
        expect(sizes, file).toHaveLength(1);
        expect(pngSize(bytes), file).toEqual([sizes[0], sizes[0]]);
      } else {
        expect(
          readIcoDirectory(bytes).map((entry) => entry.size),
          file,
        ).toEqual(sizes);
      }
    }
    expect(manifest.files['tray/trayTemplate.png']).toEqual([16]);
    expect(manifest.files['tray/trayTemplate@2x.png']).toEqual([32]);
    expect(manifest.files['tray/tray.ico']).toEqual(expect.arrayContaining([16, 24, 32, 48]));
    expect(manifest.files['icon.png']).toEqual([1024]);
    expect(manifest.files['icon.ico']).toContain(256);
  });
});

describe('the icon artwork', () => {
  const glyph = (options: Omit<GlyphOptions, 'size'>, size = 32): Uint8Array =>
    pixels(glyphSvg(logo, { ...options, size }));

  it('macOS templates are black and alpha only, badge included', () => {
    for (const art of [
      glyph({ color: '#000000' }),
      glyph({ color: '#000000', badge: { color: '#000000' } }),
    ]) {
      let opaque = 0;
      for (let i = 0; i < art.length; i += 4) {
        expect([art[i], art[i + 1], art[i + 2]]).toEqual([0, 0, 0]);
        if (art[i + 3] === 255) opaque += 1;
      }
      expect(opaque).toBeGreaterThan(200);
    }
  });

  it('the Linux cat is white, and its attention badge is coloured and cut clear of the cat', () => {
    const plain = glyph({ color: '#ffffff' }, 48);
    const badged = glyph({ color: '#ffffff', badge: { color: '#ef4444' } }, 48);
    const at = (x: number, y: number): number[] => [
      ...plain.subarray((y * 48 + x) * 4, (y * 48 + x) * 4 + 4),
    ];
    const badgedAt = (x: number, y: number): number[] => [
      ...badged.subarray((y * 48 + x) * 4, (y * 48 + x) * 4 + 4),
    ];
    expect(at(24, 14)).toEqual([255, 255, 255, 255]); // the forehead
    // The badge centre (84 %, 84 %) is red; the ring around it is cut out of the cat.
    expect(badgedAt(40, 40)).toEqual([0xef, 0x44, 0x44, 255]);
    expect(at(36, 33)[3]).toBe(255);
    expect(badgedAt(36, 33)[3]).toBe(0);
    // The eyes (the catch-light holes) stay where they were.
    expect(badgedAt(24, 14)).toEqual(at(24, 14));
  });

  it('the Windows tray cat sits on a tile, so it reads on light and dark taskbars', () => {
    const tiled = glyph({ color: '#f5f5f5', tile: { color: '#0a0a0a' } });
    const corner = tiled.subarray((16 * 32 + 1) * 4, (16 * 32 + 1) * 4 + 4); // left edge, mid-height
    expect([...corner]).toEqual([10, 10, 10, 255]);
  });

  it('the app icon is a rounded tile with a clear margin', () => {
    const icon = pixels(
      appIconSvg(logo, { size: 100, margin: 10, tile: '#0a0a0a', border: '#242424', color: '#f5f5f5' }),
    );
    const alphaAt = (x: number, y: number): number => icon[(y * 100 + x) * 4 + 3] ?? -1;
    expect(alphaAt(5, 50)).toBe(0); // margin
    expect(alphaAt(11, 11)).toBe(0); // rounded corner
    expect(alphaAt(15, 50)).toBe(255); // tile
    expect(alphaAt(50, 50)).toBe(255); // cat
  });

  it('parseLogoSvg keeps the drawing and its fill rule, and drops the colour so it can be recoloured', () => {
    expect(logo.viewBox).toBe('0 0 32 32');
    expect(logo.attributes).toBe('fill-rule="evenodd"');
    expect(logo.body).toMatch(/^<path d="M16 9\.2C/);
    expect(glyphSvg(logo, { size: 16, color: '#123456' })).toContain('fill="#123456"');
    expect(glyphSvg(logo, { size: 16, color: '#123456' })).not.toContain('#000000');
  });

  it('parseLogoSvg refuses what it cannot scale', () => {
    expect(() => parseLogoSvg('<png/>')).toThrow(/not a standalone <svg>/);
    expect(() => parseLogoSvg('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h1v1z"/></svg>')).toThrow(
      /no viewBox/,
    );
  });
});
