/** Reads back an .ico's directory, the way Windows does: what the icon tests look at. */
const HEADER_BYTES = 6;
const ENTRY_BYTES = 16;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface IcoDirectoryEntry {
  size: number;
  bitsPerPixel: number;
  format: 'png' | 'bmp';
  bytes: number;
}

export function readIcoDirectory(ico: Uint8Array): IcoDirectoryEntry[] {
  const data = Buffer.from(ico.buffer, ico.byteOffset, ico.byteLength);
  if (data.length < HEADER_BYTES || data.readUInt16LE(0) !== 0 || data.readUInt16LE(2) !== 1) {
    throw new Error('Not an .ico file.');
  }
  const count = data.readUInt16LE(4);
  return Array.from({ length: count }, (_, index) => {
    const at = HEADER_BYTES + ENTRY_BYTES * index;
    const bytes = data.readUInt32LE(at + 8);
    const offset = data.readUInt32LE(at + 12);
    if (offset + bytes > data.length) throw new Error(`Image ${index} of the .ico runs past its end.`);
    const png = data.subarray(offset, offset + 8).equals(PNG_SIGNATURE);
    return {
      size: data.readUInt8(at) || 256,
      bitsPerPixel: data.readUInt16LE(at + 6),
      format: png ? 'png' : 'bmp',
      bytes,
    };
  });
}
