import { describe, expect, it } from 'vitest';
import { encodeIco } from '../../main/electron/icons/ico-encoder.js';
import { readIcoDirectory } from './support/ico-reader.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A size×size image, premultiplied RGBA: the top-left pixel half-transparent red, the rest clear. */
function image(size: number): { size: number; premultipliedRgba: Uint8Array; png: Uint8Array } {
  const rgba = new Uint8Array(size * size * 4);
  rgba.set([64, 0, 0, 128], 0); // red 128/255 at alpha 128, premultiplied: 64
  return { size, premultipliedRgba: rgba, png: Uint8Array.from([...PNG_SIGNATURE, 1, 2, 3]) };
}

describe('encodeIco', () => {
  it('writes a directory entry per image, BMP up to 128 px and PNG at 256', () => {
    const ico = encodeIco([image(16), image(32), image(256)]);
    expect([...ico.subarray(0, 6)]).toEqual([0, 0, 1, 0, 3, 0]);
    expect(readIcoDirectory(ico)).toEqual([
      { size: 16, bitsPerPixel: 32, format: 'bmp', bytes: 40 + 16 * 16 * 4 + 4 * 16 },
      { size: 32, bitsPerPixel: 32, format: 'bmp', bytes: 40 + 32 * 32 * 4 + 4 * 32 },
      { size: 256, bitsPerPixel: 32, format: 'png', bytes: 11 },
    ]);
    // 256 is written as 0 in the one-byte width and height fields.
    expect(ico[6 + 32]).toBe(0);
    expect(ico[6 + 32 + 1]).toBe(0);
  });

  it('stores pixels bottom-up as BGRA with straight alpha, and marks clear pixels in the AND mask', () => {
    const size = 2;
    const ico = encodeIco([image(size)]);
    const offset = ico.readUInt32LE(6 + 12);
    const bmp = ico.subarray(offset);
    expect(bmp.readUInt32LE(0)).toBe(40);
    expect(bmp.readInt32LE(4)).toBe(size);
    expect(bmp.readInt32LE(8)).toBe(size * 2);
    expect(bmp.readUInt16LE(14)).toBe(32);
    // Top-left pixel of the image is the first pixel of the last stored row.
    const topLeft = 40 + (size - 1) * size * 4;
    expect([...bmp.subarray(topLeft, topLeft + 4)]).toEqual([0, 0, 128, 128]);
    expect([...bmp.subarray(40, 44)]).toEqual([0, 0, 0, 0]);
    const mask = 40 + size * size * 4;
    // Rows of 4 bytes; bottom row: both clear (11......), top row: only the right one (01......).
    expect(bmp[mask]).toBe(0b1100_0000);
    expect(bmp[mask + 4]).toBe(0b0100_0000);
  });

  it('refuses sizes an .ico cannot hold and pixel buffers of the wrong length', () => {
    expect(() => encodeIco([])).toThrow(/at least one image/);
    expect(() => encodeIco([image(257)])).toThrow(/1 to 256 px/);
    expect(() => encodeIco([{ ...image(16), premultipliedRgba: new Uint8Array(10) }])).toThrow(
      /needs 1024 bytes/,
    );
  });

  it('readIcoDirectory refuses what is not an icon, or is cut short', () => {
    expect(() => readIcoDirectory(Buffer.from('not an icon'))).toThrow(/Not an \.ico/);
    const ico = encodeIco([image(16)]);
    expect(() => readIcoDirectory(ico.subarray(0, ico.length - 1))).toThrow(/runs past its end/);
  });
});
