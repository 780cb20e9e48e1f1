import { describe, expect, it } from 'vitest';
import { smooth } from '../../../src/renderer/src/charts/smooth';

describe('curve smoothing', () => {
  it('leaves points alone at weight 0 and averages with debiasing otherwise', () => {
    const points = [4, 2, 4, 2].map((y, x) => ({ x, y }));
    expect(smooth(points, 0)).toEqual(points);
    const smoothed = smooth(points, 0.5).map((p) => p.y);
    // Debiased: the first point is itself, not pulled towards zero.
    expect(smoothed[0]).toBeCloseTo(4, 12);
    expect(smoothed[1]).toBeCloseTo((0.5 * 0.5 * 4 + 0.5 * 2) / 0.75, 12);
    expect(Math.max(...smoothed) - Math.min(...smoothed)).toBeLessThan(2);
    expect(smooth(points, 0.5).map((p) => p.x)).toEqual([0, 1, 2, 3]);
  });

  it('keeps non-finite values as they are without letting them into the average', () => {
    const smoothed = smooth([{ x: 0, y: 1 }, { x: 1, y: Number.NaN }, { x: 2, y: 1 }], 0.9);
    expect(smoothed[1].y).toBeNaN();
    expect(smoothed[2].y).toBeCloseTo(1, 12);
  });
});
