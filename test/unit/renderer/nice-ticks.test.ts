import { describe, expect, it } from 'vitest';
import { niceTicks } from '../../../src/renderer/src/charts/nice-ticks';

describe('axis ticks', () => {
  it('steps by 1, 2 or 5 times a power of ten, without float noise', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 200, 4)).toEqual([0, 50, 100, 150, 200]);
    expect(niceTicks(0.053, 0.71, 5)).toEqual([0.2, 0.4, 0.6]);
    expect(niceTicks(0.053, 0.71, 8)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceTicks(Number.NaN, 1)).toEqual([]);
  });
});
