import { describe, expect, it } from 'vitest';
import { fitNormalization, normalizeDataset } from '../../../../src/shared/data/normalize';
import { applyNormalization, normalizationInverse } from '../../../../src/shared/schema/normalization';
import type { Dataset } from '../../../../src/shared/data/dataset';

// 4 rows × 2 features; the second feature is constant.
const matrix = () => Float64Array.from([1, 5, 3, 5, 5, 5, 100, 5]);

describe('normalization', () => {
  it('standardize uses the statistics of the training rows only (population std)', () => {
    const stats = fitNormalization(matrix(), 2, [0, 1, 2], 'standardize');
    expect(stats).toEqual({ kind: 'standardize', mean: [3, 5], std: [Math.sqrt(8 / 3), 0] });
    const x = matrix();
    applyNormalization(x, 2, stats);
    expect(x[0]).toBeCloseTo(-2 / Math.sqrt(8 / 3), 14);
    expect(x[6]).toBeCloseTo(97 / Math.sqrt(8 / 3), 12);
    expect(x[1]).toBe(0); // constant feature: shifted, not divided by zero
  });

  it('minmax maps the training range to [0, 1]', () => {
    const x = matrix();
    const stats = fitNormalization(x, 2, [0, 1, 2], 'minmax');
    expect(stats).toEqual({ kind: 'minmax', min: [1, 5], max: [5, 5] });
    applyNormalization(x, 2, stats);
    expect(Array.from(x)).toEqual([0, 0, 0.5, 0, 1, 0, 24.75, 0]);
  });

  it('normalizeDataset records the statistics and refuses to normalize twice', () => {
    const dataset: Dataset = {
      name: 'd', featureNames: ['a', 'b'], rows: 4, features: 2, x: matrix(),
      target: { kind: 'values', names: ['y'], values: new Float64Array(4) }, normalization: { kind: 'none' },
    };
    normalizeDataset(dataset, 'minmax', [0, 1, 2, 3]);
    expect(dataset.normalization).toEqual({ kind: 'minmax', min: [1, 5], max: [100, 5] });
    expect(dataset.x[6]).toBe(1);
    expect(() => normalizeDataset(dataset, 'minmax', [0])).toThrow('d is already normalized (minmax)');
  });

  it("'none' has no statistics, and fitting needs a training row", () => {
    expect(fitNormalization(matrix(), 2, [0, 1], 'none')).toEqual({ kind: 'none' });
    expect(() => fitNormalization(matrix(), 2, [], 'standardize')).toThrow('normalization needs at least one training row');
    expect(() => fitNormalization(matrix(), 2, [], 'minmax')).toThrow('normalization needs at least one training row');
  });

  it('rejects statistics for another number of features', () => {
    expect(() => applyNormalization(matrix(), 2, { kind: 'standardize', mean: [0], std: [1] })).toThrow(
      'normalization has statistics for 1 features (mean), the data has 2',
    );
    // One list of the two short is enough, and is the one named.
    expect(() => applyNormalization(matrix(), 2, { kind: 'standardize', mean: [0, 0], std: [1] })).toThrow(
      'normalization has statistics for 1 features (std), the data has 2',
    );
    expect(() => applyNormalization(matrix(), 2, { kind: 'minmax', min: [0, 0], max: [1, 1, 1] })).toThrow(
      'normalization has statistics for 3 features (max), the data has 2',
    );
  });
});

describe('original units', () => {
  it('undo standardize and minmax, constant features included', () => {
    const raw = Float64Array.from([1, 5, 3, 5, 5, 5, 100, 5]);
    for (const kind of ['standardize', 'minmax', 'none'] as const) {
      const normalization = fitNormalization(raw, 2, [0, 1, 2], kind);
      const x = raw.slice();
      applyNormalization(x, 2, normalization);
      const { scale, shift } = normalizationInverse(normalization, 2);
      x.forEach((value, i) => expect(value * scale[i % 2] + shift[i % 2], `${kind} value ${i}`).toBeCloseTo(raw[i], 12));
    }
    expect(() => normalizationInverse({ kind: 'minmax', min: [0], max: [1] }, 2)).toThrow('normalization has statistics for 1 features (min), the data has 2');
  });
});
