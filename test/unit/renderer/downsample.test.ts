import { describe, expect, it } from 'vitest';
import { downsample } from '../../../src/renderer/src/charts/downsample';

describe('downsample', () => {
  const epochs = Array.from({ length: 1000 }, (_, i) => i + 1);

  it('keeps short series whole', () => {
    expect(downsample([1, 2, 3], 600)).toEqual([1, 2, 3]);
  });

  it('keeps evenly spaced points including the first and the last', () => {
    const kept = downsample(epochs, 5);
    expect(kept).toEqual([1, 251, 501, 750, 1000]);
    expect(downsample(epochs, 600).length).toBe(600);
    expect(downsample(epochs, 600).at(-1)).toBe(1000);
  });
});
