import { describe, expect, it } from 'vitest';
import { IMAGE_HEADER_BYTES, imageHeaderProblem, readImageHeader } from '../../../../src/shared/data/image-header';

function bytesWith(length: number, writes: [number, number[] | string][]): Uint8Array {
  const b = new Uint8Array(length);
  for (const [at, v] of writes) b.set(typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : v, at);
  return b;
}
const be32 = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const le16 = (n: number) => [n & 255, n >>> 8];
const le32 = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24];

describe('readImageHeader', () => {
  it('reads the declared size of PNG, GIF, BMP, JPEG and the three WebP variants', () => {
    expect(readImageHeader(bytesWith(33, [[0, [0x89]], [1, 'PNG\r\n\x1a\n'], [12, 'IHDR'], [16, be32(50_000)], [20, be32(40_000)]]))).toEqual({ format: 'png', width: 50_000, height: 40_000 });
    expect(readImageHeader(bytesWith(13, [[0, 'GIF89a'], [6, le16(640)], [8, le16(480)]]))).toEqual({ format: 'gif', width: 640, height: 480 });
    expect(readImageHeader(bytesWith(54, [[0, 'BM'], [18, le32(100)], [22, le32(-60 >>> 0)]]))).toEqual({ format: 'bmp', width: 100, height: 60 });
    // SOI, an APP0 segment of 16 bytes, a DHT marker (not a frame), then SOF2 with height 300, width 400.
    const jpeg = bytesWith(64, [[0, [0xff, 0xd8, 0xff, 0xe0, 0, 16]], [20, [0xff, 0xc4, 0, 4, 0, 0]], [26, [0xff, 0xc2, 0, 17, 8, 1, 44, 1, 144]]]);
    expect(readImageHeader(jpeg)).toEqual({ format: 'jpeg', width: 400, height: 300 });
    const riff = (chunk: string, writes: [number, number[]][]) => bytesWith(40, [[0, 'RIFF'], [8, 'WEBP'], [12, chunk], ...writes]);
    expect(readImageHeader(riff('VP8 ', [[26, le16(320)], [28, le16(200)]]))).toEqual({ format: 'webp', width: 320, height: 200 });
    expect(readImageHeader(riff('VP8L', [[21, le32((99 << 14) | 49)]]))).toEqual({ format: 'webp', width: 50, height: 100 });
    expect(readImageHeader(riff('VP8X', [[24, [0x1f, 0x4e, 0]], [27, [0x0f, 0x27, 0]]]))).toEqual({ format: 'webp', width: 20_000, height: 10_000 });
  });

  it('reads a header of exactly the bytes it needs, and returns null (never throws) one byte short or with a wrong signature', () => {
    const png = bytesWith(24, [[0, [0x89]], [1, 'PNG\r\n\x1a\n'], [12, 'IHDR'], [16, be32(3)], [20, be32(2)]]);
    const gif = bytesWith(10, [[0, 'GIF87a'], [6, le16(5)], [8, le16(4)]]);
    const bmp = bytesWith(26, [[0, 'BM'], [18, le32(7)], [22, le32(6)]]);
    const webp = bytesWith(30, [[0, 'RIFF'], [8, 'WEBP'], [12, 'VP8X'], [24, [9, 0, 0]], [27, [8, 0, 0]]]);
    const jpeg = bytesWith(11, [[0, [0xff, 0xd8, 0xff, 0xc0, 0, 17, 8, 0, 2, 0, 3]]]);
    expect([png, gif, bmp, webp, jpeg].map(readImageHeader)).toEqual([
      { format: 'png', width: 3, height: 2 },
      { format: 'gif', width: 5, height: 4 },
      { format: 'bmp', width: 7, height: 6 },
      { format: 'webp', width: 10, height: 9 },
      { format: 'jpeg', width: 3, height: 2 },
    ]);
    for (const b of [png, gif, bmp, webp, jpeg]) expect(readImageHeader(b.subarray(0, b.length - 1))).toBeNull();
    const changed = (b: Uint8Array, at: number, value: number) => b.map((v, i) => (i === at ? value : v));
    // Each byte of each signature counts.
    for (const at of [0, 1, 2, 3, 12, 13, 14, 15]) expect(readImageHeader(changed(png, at, 0x41 + at))).toBeNull();
    for (const at of [0, 3, 8, 11, 12]) expect(readImageHeader(changed(webp, at, 0x20))).toBeNull();
    for (const at of [0, 1]) expect(readImageHeader(changed(jpeg, at, 0x00))).toBeNull();
    expect(readImageHeader(changed(gif, 4, 0x38))).toBeNull();
    expect(readImageHeader(changed(bmp, 1, 0x4e))).toBeNull();
    expect(readImageHeader(bytesWith(30, [[0, 'RIFF'], [8, 'WEBP'], [12, 'VP8Z']]))).toBeNull();
  });

  it('walks JPEG segments: fill bytes, standalone markers, and segments in the frame markers\' range that are not frames', () => {
    const sof = (marker: number) => [0xff, marker, 0, 17, 8, 0, 2, 0, 3];
    const jpeg = (...segments: number[][]) => Uint8Array.from([0xff, 0xd8, ...segments.flat(), 0, 0]);
    for (const marker of [0xc0, 0xc1, 0xc2, 0xcf]) expect(readImageHeader(jpeg(sof(marker)))).toEqual({ format: 'jpeg', width: 3, height: 2 });
    // DHT, JPG and DAC sit among the frame markers but carry no size: skipped by their length.
    for (const marker of [0xc4, 0xc8, 0xcc]) expect(readImageHeader(jpeg([0xff, marker, 0, 6, 0, 9, 0, 9], sof(0xc0)))).toEqual({ format: 'jpeg', width: 3, height: 2 });
    // 0xFF fill bytes, restart markers, TEM and another SOI have no length.
    expect(readImageHeader(jpeg([0xff, 0xff, 0xff], [0xff, 0xd0], [0xff, 0xd7], [0xff, 0x01], [0xff, 0xd8], sof(0xc0)))).toEqual({ format: 'jpeg', width: 3, height: 2 });
    expect(readImageHeader(jpeg([0xff, 0xbf, 0, 4, 0, 0], sof(0xc0)))).toEqual({ format: 'jpeg', width: 3, height: 2 });
    // A byte that is not a marker ends the walk: the stream is not a JPEG to trust.
    expect(readImageHeader(jpeg([0x00, 0xc0, 0, 17, 8, 0, 2, 0, 3]))).toBeNull();
    // Cut inside the frame header: not enough bytes for the size.
    expect(readImageHeader(Uint8Array.from([0xff, 0xd8, 0xff, 0xc0, 0, 17, 8, 0, 2, 0]))).toBeNull();
  });

  it('finds a JPEG size behind 200 kB of metadata in the bytes the importer reads', () => {
    const app = (n: number) => [0xff, 0xe1, 0xff, 0xff, ...new Array(0xffff - 2).fill(n)];
    const bytes = Uint8Array.from([0xff, 0xd8, ...app(1), ...app(2), ...app(3), 0xff, 0xc0, 0, 17, 8, 0, 2, 0, 3, ...new Array(300_000).fill(0)]);
    expect(readImageHeader(bytes.subarray(0, IMAGE_HEADER_BYTES))).toEqual({ format: 'jpeg', width: 3, height: 2 });
  });

  it('says why an image must not be decoded: unknown, empty, or a decompression bomb', () => {
    expect(imageHeaderProblem({ format: 'png', width: 10, height: 0 })).toBe('declares an empty 10×0 image');
    expect(imageHeaderProblem({ format: 'png', width: 100, height: 100 }, 10_000)).toBeNull();
    expect(imageHeaderProblem({ format: 'png', width: 100, height: 101 }, 10_000)).toBe('declares 100×101 pixels, more than the 0.01 megapixels decoded at most');
    expect(readImageHeader(new TextEncoder().encode('hello, not an image'))).toBeNull();
    expect(imageHeaderProblem(null)).toBe('not a PNG, JPEG, GIF, BMP or WebP image (unrecognised header)');
    expect(imageHeaderProblem({ format: 'png', width: 0, height: 10 })).toBe('declares an empty 0×10 image');
    expect(imageHeaderProblem({ format: 'png', width: 50_000, height: 40_000 })).toBe(
      'declares 50000×40000 pixels, more than the 40 megapixels decoded at most',
    );
    expect(imageHeaderProblem({ format: 'jpeg', width: 4000, height: 3000 })).toBeNull();
  });

  it('recognises SVG by its content, whatever the file is called, to name it a vector image', () => {
    const svg = (text: string) => readImageHeader(new TextEncoder().encode(text));
    expect(svg('<?xml version="1.0"?>\n<!-- icon -->\n<svg xmlns="http://www.w3.org/2000/svg"/>')).toEqual({ format: 'svg', width: 0, height: 0 });
    expect(svg('\ufeff  <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n<svg width="8">')).toMatchObject({ format: 'svg' });
    expect(svg('<html><svg></svg></html>')).toBeNull();
    for (const text of [' <svg>', '\n<svg>', '<?xml version="1.0"?><svg>', '<!--a--><!--b--><svg>', '<!DOCTYPE svg><svg>', '<svg\n width="2">'])
      expect(svg(text)).toMatchObject({ format: 'svg' });
    expect(svg('<svgfoo>')).toBeNull();
    expect(imageHeaderProblem({ format: 'svg', width: 0, height: 0 })).toBe('a vector image (SVG), not supported: export it as PNG at the size you want');
  });
});
