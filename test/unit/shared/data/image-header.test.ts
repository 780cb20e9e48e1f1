import { describe, expect, it } from 'vitest';
import { imageHeaderProblem, readImageHeader } from '../../../../src/shared/data/image-header';

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

  it('says why an image must not be decoded: unknown, empty, or a decompression bomb', () => {
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
    expect(imageHeaderProblem({ format: 'svg', width: 0, height: 0 })).toBe('a vector image (SVG), not supported: export it as PNG at the size you want');
  });
});
