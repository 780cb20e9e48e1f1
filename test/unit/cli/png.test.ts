import { describe, expect, it } from 'vitest';
import { decodePng } from '../../../src/cli/png';
import { cropResizeRgba } from '../../../src/cli/resize';
import { encodePng } from './png-fixtures';

describe('decodePng', () => {
  it('undoes all five row filters on an RGBA image', () => {
    const width = 5;
    const height = 10;
    const pixel = (x: number, y: number) => [(x * 50 + y * 7) & 255, (y * 25) & 255, (x * y * 13) & 255, 255 - x * 10];
    const rows = Array.from({ length: height }, (_, y) => Array.from({ length: width }, (_, x) => pixel(x, y)).flat());
    const png = encodePng({ width, height, depth: 8, colorType: 6, rows, filters: [0, 1, 2, 3, 4] });
    const image = decodePng(png, 'a.png');
    expect([image.width, image.height]).toEqual([5, 10]);
    expect(Array.from(image.rgba)).toEqual(rows.flat());
  });

  it('reads gray, gray+alpha, RGB at 16 bits, and 1-bit palette images as RGBA', () => {
    const gray = decodePng(encodePng({ width: 3, height: 1, depth: 8, colorType: 0, rows: [[0, 128, 255]], filters: [1] }), 'g.png');
    expect(Array.from(gray.rgba)).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
    const grayAlpha = decodePng(encodePng({ width: 1, height: 2, depth: 8, colorType: 4, rows: [[10, 20], [30, 40]], filters: [2] }), 'ga.png');
    expect(Array.from(grayAlpha.rgba)).toEqual([10, 10, 10, 20, 30, 30, 30, 40]);
    const rgb16 = decodePng(encodePng({ width: 1, height: 1, depth: 16, colorType: 2, rows: [[0x12, 0x34, 0xab, 0xcd, 0xff, 0x00]], filters: [4] }), 'c.png');
    expect(Array.from(rgb16.rgba)).toEqual([0x12, 0xab, 0xff, 255]);
    // 10 pixels at 1 bit: 0b10110000 0b01000000 → palette entries 1,0,1,1,0,0,0,0,0,1
    const palette = decodePng(
      encodePng({ width: 10, height: 1, depth: 1, colorType: 3, rows: [[0b10110000, 0b01000000]], filters: [0], palette: [0, 0, 0, 200, 100, 50] }),
      'p.png',
    );
    expect(Array.from(palette.rgba.filter((_, i) => i % 4 === 0))).toEqual([200, 0, 200, 200, 0, 0, 0, 0, 0, 200]);
    const gray2 = decodePng(encodePng({ width: 4, height: 1, depth: 2, colorType: 0, rows: [[0b00011011]], filters: [0] }), 'g2.png');
    expect(Array.from(gray2.rgba.filter((_, i) => i % 4 === 0))).toEqual([0, 85, 170, 255]);
  });

  it('refuses what it cannot read with the file name and the reason', () => {
    expect(() => decodePng(new TextEncoder().encode('GIF89a....'), 'x.png')).toThrow('x.png: not a PNG file');
    const interlaced = encodePng({ width: 1, height: 1, depth: 8, colorType: 0, rows: [[1]], filters: [0], interlace: true });
    expect(() => decodePng(interlaced, 'i.png')).toThrow('i.png: interlaced PNGs are not read by the CLI');
    const good = encodePng({ width: 2, height: 2, depth: 8, colorType: 0, rows: [[1, 2], [3, 4]], filters: [0] });
    expect(() => decodePng(good.subarray(0, 40), 't.png')).toThrow('t.png: truncated PNG');
  });
});

describe('cropResizeRgba', () => {
  it('crops the centred square and averages the pixels each target pixel covers', () => {
    // 4 × 2 image: the centred 2 × 2 square is columns 1–2.
    const rgba = Uint8Array.from([0, 10, 20, 30, 40, 50, 60, 70].flatMap((v) => [v, v, v, 255]));
    expect(Array.from(cropResizeRgba(rgba, 4, 2, 2).filter((_, i) => i % 4 === 0))).toEqual([10, 20, 50, 60]);
    expect(Array.from(cropResizeRgba(rgba, 4, 2, 1))).toEqual([35, 35, 35, 255]);
  });
});
