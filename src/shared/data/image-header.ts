// Declared image dimensions read from a file's first bytes, before anything is decoded. A 100 kB
// PNG can declare 50,000 × 50,000 pixels (10 GB of RGBA once decoded): checking the header first is
// what keeps a decompression bomb, or just a 100-megapixel photo, from exhausting the worker.

/** 'svg': a vector image, recognised only to say it is not supported. */
export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'bmp' | 'webp' | 'svg';

export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
}

/** Bytes to read from the start of a file for `readImageHeader` (JPEG metadata can precede the size). */
export const IMAGE_HEADER_BYTES = 256 * 1024;

/** Above this many declared pixels an image is skipped instead of decoded (≈ 160 MB of RGBA). */
export const MAX_IMAGE_PIXELS = 40_000_000;

const ascii = (b: Uint8Array, at: number, text: string) => [...text].every((c, i) => b[at + i] === c.charCodeAt(0));

function jpegSize(b: Uint8Array, view: DataView): { width: number; height: number } | null {
  let at = 2;
  while (at + 9 <= b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1];
    if (marker === 0xff) {
      at++;
      continue;
    }
    // Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    at += 2 + view.getUint16(at + 2);
  }
  return null;
}

const SVG_START = /^(\ufeff)?\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i;

/** The format and declared size, or null when the bytes are not a recognised image header. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  const b = bytes;
  // Binary headers decode to text that fails the pattern at its first character.
  if (SVG_START.test(new TextDecoder().decode(b.subarray(0, 4096)))) {
    return { format: 'svg', width: 0, height: 0 };
  }
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length >= 24 && b[0] === 0x89 && ascii(b, 1, 'PNG') && ascii(b, 12, 'IHDR')) {
    return { format: 'png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (b.length >= 10 && (ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a'))) {
    return { format: 'gif', width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  if (b.length >= 26 && ascii(b, 0, 'BM')) {
    // BITMAPINFOHEADER and later; a negative height means top-down rows.
    return { format: 'bmp', width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) };
  }
  if (b.length >= 30 && ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) {
    if (ascii(b, 12, 'VP8 ')) return { format: 'webp', width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
    if (ascii(b, 12, 'VP8L')) {
      const bits = view.getUint32(21, true);
      return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
    if (ascii(b, 12, 'VP8X')) {
      const w = b[24] | (b[25] << 8) | (b[26] << 16);
      const h = b[27] | (b[28] << 8) | (b[29] << 16);
      return { format: 'webp', width: w + 1, height: h + 1 };
    }
    return null;
  }
  if (b[0] === 0xff && b[1] === 0xd8) {
    const size = jpegSize(b, view);
    return size && { format: 'jpeg', ...size };
  }
  return null;
}

export const VECTOR_IMAGE = 'a vector image (SVG), not supported: export it as PNG at the size you want';

/**
 * Why an image must not be decoded, or null when it may: not a recognised image, a zero size, or
 * more than `maxPixels` declared pixels.
 */
export function imageHeaderProblem(header: ImageHeader | null, maxPixels = MAX_IMAGE_PIXELS): string | null {
  if (header === null) return 'not a PNG, JPEG, GIF, BMP or WebP image (unrecognised header)';
  if (header.format === 'svg') return VECTOR_IMAGE;
  if (header.width === 0 || header.height === 0) return `declares an empty ${header.width}×${header.height} image`;
  if (header.width * header.height > maxPixels) {
    return `declares ${header.width}×${header.height} pixels, more than the ${maxPixels / 1e6} megapixels decoded at most`;
  }
  return null;
}
