/**
 * Build-time only: writes Windows .ico files. Sizes up to 128 px are stored as 32-bit BMP (the
 * form every Windows icon loader reads); 256 px as PNG, as Windows Vista and later expect.
 */

export interface IcoImage {
  size: number;
  /** RGBA, premultiplied by alpha (as @resvg/resvg-js renders), `size * size * 4` bytes. */
  premultipliedRgba: Uint8Array;
  /** The same image as PNG: used for sizes above 128. */
  png: Uint8Array;
}

const HEADER_BYTES = 6;
const ENTRY_BYTES = 16;
const BITMAPINFOHEADER_BYTES = 40;

export function encodeIco(images: readonly IcoImage[]): Buffer {
  if (images.length === 0) throw new Error('An .ico needs at least one image.');
  const payloads = images.map((image) => {
    if (!Number.isInteger(image.size) || image.size < 1 || image.size > 256) {
      throw new Error(`An .ico image must be 1 to 256 px, not ${image.size}.`);
    }
    return image.size > 128 ? Buffer.from(image.png) : bmpEntry(image);
  });
  const header = Buffer.alloc(HEADER_BYTES + ENTRY_BYTES * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach((image, index) => {
    const at = HEADER_BYTES + ENTRY_BYTES * index;
    const payload = payloads[index] as Buffer;
    header.writeUInt8(image.size === 256 ? 0 : image.size, at); // 0 means 256
    header.writeUInt8(image.size === 256 ? 0 : image.size, at + 1);
    header.writeUInt8(0, at + 2); // no palette
    header.writeUInt8(0, at + 3);
    header.writeUInt16LE(1, at + 4); // colour planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(payload.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += payload.length;
  });
  return Buffer.concat([header, ...payloads]);
}

/** A BITMAPINFOHEADER, bottom-up BGRA rows (straight alpha), then the 1-bit AND mask. */
function bmpEntry({ size, premultipliedRgba }: IcoImage): Buffer {
  if (premultipliedRgba.length !== size * size * 4) {
    throw new Error(
      `A ${size} px image needs ${size * size * 4} bytes of RGBA, not ${premultipliedRgba.length}.`,
    );
  }
  const maskStride = Math.ceil(size / 32) * 4;
  const pixelBytes = size * size * 4;
  const entry = Buffer.alloc(BITMAPINFOHEADER_BYTES + pixelBytes + maskStride * size);
  entry.writeUInt32LE(BITMAPINFOHEADER_BYTES, 0);
  entry.writeInt32LE(size, 4);
  entry.writeInt32LE(size * 2, 8); // colour rows + mask rows, as icons count them
  entry.writeUInt16LE(1, 12);
  entry.writeUInt16LE(32, 14);
  entry.writeUInt32LE(0, 16); // BI_RGB
  entry.writeUInt32LE(pixelBytes + maskStride * size, 20);
  for (let y = 0; y < size; y += 1) {
    const row = size - 1 - y; // bottom-up
    for (let x = 0; x < size; x += 1) {
      const from = (y * size + x) * 4;
      const to = BITMAPINFOHEADER_BYTES + (row * size + x) * 4;
      const alpha = premultipliedRgba[from + 3] ?? 0;
      const straight = (channel: number): number =>
        alpha === 0 ? 0 : Math.min(255, Math.round(((premultipliedRgba[from + channel] ?? 0) * 255) / alpha));
      entry[to] = straight(2);
      entry[to + 1] = straight(1);
      entry[to + 2] = straight(0);
      entry[to + 3] = alpha;
      if (alpha === 0) {
        const maskAt = BITMAPINFOHEADER_BYTES + pixelBytes + row * maskStride + (x >> 3);
        entry[maskAt] = (entry[maskAt] ?? 0) | (0x80 >> (x & 7));
      }
    }
  }
  return entry;
}
