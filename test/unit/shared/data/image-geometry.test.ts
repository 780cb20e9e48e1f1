import { describe, expect, it } from 'vitest';
import { imageGeometry } from '../../../../src/shared/data/image-geometry';

describe('image geometry', () => {
  const names = (prefix: string, side: number, suffixes = ['']) =>
    Array.from({ length: side * side }, (_, p) => suffixes.map((s) => `${prefix}${Math.floor(p / side)}_${p % side}${s}`)).flat();

  it('reads the importers\' pixel names', () => {
    expect(imageGeometry(names('pixel', 28))).toEqual({ height: 28, width: 28, channels: 1 });
    expect(imageGeometry(names('', 16))).toEqual({ height: 16, width: 16, channels: 1 });
    expect(imageGeometry(names('', 8, ['_r', '_g', '_b']))).toEqual({ height: 8, width: 8, channels: 3 });
  });

  it('does not take a table for an image', () => {
    expect(imageGeometry(['x1', 'x2'])).toBeNull();
    expect(imageGeometry(['a', '0_1'])).toBeNull();
    expect(imageGeometry(names('pixel', 4).slice(1))).toBeNull();
    expect(imageGeometry([])).toBeNull();
    // Names must be the importers' names whole, first and last, and as many as the last one counts.
    expect(imageGeometry(['0_0', 'x0_1'])).toBeNull();
    expect(imageGeometry(['0_0', '0_1_g'])).toBeNull();
    expect(imageGeometry(['0_0', '0_1', '1_1'])).toBeNull();
    expect(imageGeometry(['x0_0', '0_1'])).toBeNull();
    expect(imageGeometry(['pixel0_0x', 'pixel0_1'])).toBeNull();
    expect(imageGeometry(['x0_0_r', '0_0_g', '0_0_b'])).toBeNull();
    expect(imageGeometry(['0_0_rx', '0_0_g', '0_0_b'])).toBeNull();
    expect(imageGeometry(['0_0', '0_1'])).toEqual({ height: 1, width: 2, channels: 1 });
  });
});
