import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../../src/shared/data/dataset';
import { applyNormalization } from '../../../../src/shared/schema/normalization';
import { verificationDataFromDataset } from '../../../../src/shared/export/dataset-verification-data';
import type { WeightsFile } from '../../../../src/shared/schema/weights';

// The app verifies exports on rows of a dataset it holds normalized; exports take raw features,
// so the rows go back to the file's units, and labels are matched to the weights' classes by name.

const raw = Float64Array.of(1, 10, 2, 20, 3, 30, 4, 40);
function dataset(): Dataset {
  const x = Float64Array.from(raw);
  const normalization = { kind: 'minmax' as const, min: [1, 10], max: [4, 40] };
  applyNormalization(x, 2, normalization);
  return {
    name: 'toy',
    featureNames: ['a', 'b'],
    rows: 4,
    features: 2,
    x,
    normalization,
    target: { kind: 'classes', classes: ['cat', 'dog'], labels: Int32Array.of(0, 1, 1, 0) },
  };
}
const weights = (classes: string[]) => ({ output: { task: 'classification', classes } }) as WeightsFile;

describe('verificationDataFromDataset', () => {
  it('gives the chosen rows in original units, with their labels', () => {
    const data = verificationDataFromDataset(dataset(), Int32Array.of(3, 1), weights(['cat', 'dog']), 'two rows');
    expect(data.rows).toBe(2);
    expect(data.source).toBe('two rows');
    Array.from(data.x).forEach((v, k) => expect(v).toBeCloseTo([4, 40, 2, 20][k], 12));
    expect(Array.from(data.labels!)).toEqual([0, 1]);
  });

  it("maps labels by class name onto the weights' order", () => {
    expect(Array.from(verificationDataFromDataset(dataset(), Int32Array.of(0, 1), weights(['dog', 'cat']), 'rows').labels!)).toEqual([1, 0]);
  });

  it('refuses a dataset with a class the network does not know, naming it', () => {
    expect(() => verificationDataFromDataset(dataset(), Int32Array.of(0), weights(['cat', 'bird']), 'rows')).toThrow(
      "toy has the class 'dog', which the network does not know (cat, bird)",
    );
  });

  it('regression: the target values of the chosen rows', () => {
    const regression: Dataset = { ...dataset(), target: { kind: 'values', names: ['y'], values: Float64Array.of(0.5, 1.5, 2.5, 3.5) } };
    const data = verificationDataFromDataset(regression, Int32Array.of(2, 0), { output: { task: 'regression', targets: ['y'] } } as WeightsFile, 'rows');
    expect(Array.from(data.values!)).toEqual([2.5, 0.5]);
    expect(data.labels).toBeUndefined();
  });
});
