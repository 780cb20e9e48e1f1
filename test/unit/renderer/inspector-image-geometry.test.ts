import { describe, expect, it } from 'vitest';
import { imageGeometry } from '../../../src/renderer/src/features/inspector/InputImages';

// The inspector draws A[0] as pictures only for datasets whose features are the pixels of a
// square image, as the IDX reader and the image-folder builder name them.

const grid = (side: number, name: (y: number, x: number) => string[]) =>
  Array.from({ length: side * side }, (_, p) => name(Math.floor(p / side), p % side)).flat();

describe('imageGeometry', () => {
  it('reads IDX pixel names, grayscale folders and RGB folders', () => {
    expect(imageGeometry(grid(28, (y, x) => [`pixel${y}_${x}`]))).toEqual({ side: 28, channels: 1 });
    expect(imageGeometry(grid(4, (y, x) => [`${y}_${x}`]))).toEqual({ side: 4, channels: 1 });
    expect(imageGeometry(grid(3, (y, x) => [`${y}_${x}_r`, `${y}_${x}_g`, `${y}_${x}_b`]))).toEqual({ side: 3, channels: 3 });
  });

  it('is null for tabular features, a missing pixel or a non-square grid', () => {
    expect(imageGeometry(['sepal length', 'sepal width'])).toBeNull();
    expect(imageGeometry(grid(4, (y, x) => [`${y}_${x}`]).slice(1))).toBeNull();
    expect(imageGeometry(['0_0', '0_1', '0_2'])).toBeNull();
    expect(imageGeometry([])).toBeNull();
  });
});
