import { inflateSync } from 'node:zlib';

// A small PNG decoder for the CLI's image folders (Node has no image decoders; the app uses the
// browser's). Reads every non-interlaced PNG: grayscale, RGB, palette, gray+alpha, RGBA at bit
// depths 1–16 (16-bit samples keep their high byte), and returns 8-bit RGBA. Interlaced (Adam7)
// files are refused with a message; they are rare in datasets and the app reads them.

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes, row-major. */
  rgba: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes the per-row filters in place; returns the raw scanlines without their filter bytes. */
function unfilter(data: Uint8Array, height: number, stride: number, bpp: number, fileName: string): Uint8Array {
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)];
    const line = data.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = out.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? out.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const left = i >= bpp ? row[i - bpp] : 0;
      const upLeft = i >= bpp ? up[i - bpp] : 0;
      let predicted: number;
      if (filter === 0) predicted = 0;
      else if (filter === 1) predicted = left;
      else if (filter === 2) predicted = up[i];
      else if (filter === 3) predicted = (left + up[i]) >> 1;
      else if (filter === 4) predicted = paeth(left, up[i], upLeft);
      else throw new Error(`${fileName}: row ${y} has an unknown PNG filter type ${filter}`);
      row[i] = (line[i] + predicted) & 0xff;
    }
  }
  return out;
}

export function decodePng(bytes: Uint8Array, fileName: string): RgbaImage {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw new Error(`${fileName}: not a PNG file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0;
  let height = 0;
  let depth = 0;
  let colorType = 0;
  let palette: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  for (let at = 8; at < bytes.length; ) {
    if (at + 8 > bytes.length) throw new Error(`${fileName}: truncated PNG (a chunk header is cut short)`);
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (body.length < length) throw new Error(`${fileName}: truncated PNG (chunk ${type} is cut short)`);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      depth = body[8];
      colorType = body[9];
      if (body[12] !== 0) throw new Error(`${fileName}: interlaced PNGs are not read by the CLI; import the folder in the app or save the image non-interlaced`);
      if (!(colorType in CHANNELS) || ![1, 2, 4, 8, 16].includes(depth)) throw new Error(`${fileName}: unsupported PNG colour type ${colorType} at bit depth ${depth}`);
    } else if (type === 'PLTE') {
      palette = body;
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'IEND') {
      break;
    }
    at += 12 + length;
  }
  if (width === 0 || height === 0) throw new Error(`${fileName}: PNG without an image header (IHDR)`);
  if (idat.length === 0) throw new Error(`${fileName}: PNG without image data (IDAT)`);
  if (colorType === 3 && !palette) throw new Error(`${fileName}: palette PNG without a palette (PLTE)`);

  const channels = CHANNELS[colorType];
  const bitsPerPixel = channels * depth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  let inflated: Uint8Array;
  try {
    // Capped at what the declared size needs, so a small image cannot inflate into gigabytes.
    inflated = inflateSync(Buffer.concat(idat), { maxOutputLength: Math.max(1, height * (stride + 1)) });
  } catch (error) {
    throw new Error(`${fileName}: corrupt PNG image data (${(error as Error).message})`);
  }
  if (inflated.length < height * (stride + 1)) throw new Error(`${fileName}: truncated PNG image data`);
  const raw = unfilter(inflated, height, stride, Math.max(1, bitsPerPixel >> 3), fileName);

  const rgba = new Uint8Array(width * height * 4);
  const sample = (y: number, index: number): number => {
    // index counts samples along the row; sub-byte depths pack several per byte, high bits first.
    const row = y * stride;
    if (depth === 8) return raw[row + index];
    if (depth === 16) return raw[row + 2 * index];
    const bit = index * depth;
    const value = (raw[row + (bit >> 3)] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
    return colorType === 3 ? value : Math.round((value * 255) / ((1 << depth) - 1));
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = 4 * (y * width + x);
      const s = x * channels;
      if (colorType === 3) {
        const entry = sample(y, s);
        rgba.set(palette!.subarray(3 * entry, 3 * entry + 3), o);
      } else if (channels <= 2) {
        rgba.fill(sample(y, s), o, o + 3);
      } else {
        rgba[o] = sample(y, s);
        rgba[o + 1] = sample(y, s + 1);
        rgba[o + 2] = sample(y, s + 2);
      }
      rgba[o + 3] = channels === 2 ? sample(y, s + 1) : channels === 4 ? sample(y, s + 3) : 255;
    }
  }
  return { width, height, rgba };
}
