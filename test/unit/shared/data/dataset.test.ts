import { describe, expect, it } from 'vitest';
import { targetWidth, taskOf, type Dataset } from '../../../../src/shared/data/dataset';

describe('dataset target', () => {
  const base = { name: 'd', featureNames: ['x'], rows: 2, features: 1, x: new Float32Array(2), normalization: { kind: 'none' as const } };
  const classes: Dataset = { ...base, target: { kind: 'classes', classes: ['a', 'b', 'c'], labels: Int32Array.from([0, 2]) } };
  const values: Dataset = { ...base, target: { kind: 'values', names: ['p', 'q'], values: new Float64Array(4) } };

  it('classes are a classification with one output per class, values a regression with one per target', () => {
    expect([taskOf(classes), targetWidth(classes.target)]).toEqual(['classification', 3]);
    expect([taskOf(values), targetWidth(values.target)]).toEqual(['regression', 2]);
  });
});
