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
  });
});
