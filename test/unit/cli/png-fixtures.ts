import { crc32, deflateSync } from 'node:zlib';

// A PNG encoder for tests, written from the specification's filter definitions: every row uses the
// filter type asked for, so decoding exercises all five.

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  out.set([...type].map((c) => c.charCodeAt(0)), 4);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

const paeth = (a: number, b: number, c: number) => {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
};

/** `rows` are the raw scanline bytes (already packed for the bit depth). */
export function encodePng(options: {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  rows: number[][];
  filters: number[];
  palette?: number[];
  interlace?: boolean;
}): Uint8Array {
  const { width, height, depth, colorType, rows, filters } = options;
  const bpp = Math.max(1, (({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }) as Record<number, number>)[colorType] * depth >> 3);
  const filtered: number[] = [];
  rows.forEach((row, y) => {
    const up = y > 0 ? rows[y - 1] : row.map(() => 0);
    const f = filters[y % filters.length];
    filtered.push(f);
    row.forEach((v, i) => {
      const left = i >= bpp ? row[i - bpp] : 0;
      const upLeft = i >= bpp ? up[i - bpp] : 0;
      const predicted = [0, left, up[i], (left + up[i]) >> 1, paeth(left, up[i], upLeft)][f];
      filtered.push((v - predicted) & 0xff);
    });
  });
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([depth, colorType, 0, 0, options.interlace ? 1 : 0], 8);
  const parts = [
    Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(options.palette ? [chunk('PLTE', Uint8Array.from(options.palette))] : []),
    chunk('IDAT', deflateSync(Uint8Array.from(filtered))),
    chunk('IEND', new Uint8Array(0)),
  ];
  return Buffer.concat(parts);
}
