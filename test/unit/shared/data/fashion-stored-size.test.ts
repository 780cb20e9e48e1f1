import { describe, expect, it } from 'vitest';
import { chunkLayout, storedBytes } from '../../../../src/shared/data/dataset-chunks';
import { formatBytes } from '../../../../src/shared/engine/run-budget';

// README: Fashion-MNIST's 60,000 training images are listed as "47.5 MB stored" (rather than
// 189 MB as float32): 784 pixel bytes, an int32 label and an int32 split index per row.

describe("Fashion-MNIST's stored size", () => {
  it('is 47.5 MB for 60,000 images of 784 8-bit pixels with labels and a split of every row', () => {
    const shape = { rows: 60_000, features: 784, dtype: 'float32', target: { kind: 'classes' } } as const;
    const bytes = storedBytes(shape, chunkLayout(shape, 'levels'), 60_000);
    expect(bytes).toBe(60_000 * (784 + 4 + 4));
    expect(formatBytes(bytes)).toBe('47.5 MB');
    // Stored as float32 they would be four times the pixels.
    expect(formatBytes(storedBytes(shape, chunkLayout(shape, 'float'), 60_000))).toBe('189 MB');
  });
});
