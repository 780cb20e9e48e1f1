import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../../src/shared/data/dataset';
import { fitTargetScaling, targetUnits } from '../../../../src/shared/engine/target-scaling';
import { ExperimentSchema } from '../../../../src/shared/schema/experiment';

// Fitting the target scaling on small hand-written targets: the default, and targets too large to
// scale (target-scaling.test.ts covers the scaling end to end on a real file).

function values(targets: number[]): Dataset {
  return { name: 't', featureNames: ['x'], rows: targets.length, features: 1, x: Float64Array.from(targets, (_, i) => i), target: { kind: 'values', names: ['y'], values: Float64Array.from(targets) }, normalization: { kind: 'none' } };
}
const experiment = (scaleTarget?: 'standardize' | 'minmax' | 'none') =>
  ExperimentSchema.parse({
    dataset: { csv: 't.csv', target: 'y' },
    model: { layers: [{ units: 1, activation: 'linear' }], loss: 'mse' },
    training: { optimizer: { name: 'sgd', learningRate: 0.1 }, epochs: 1, ...(scaleTarget ? { scaleTarget } : {}) },
  });
const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('fitting the target scaling', () => {
  it('standardizes by default, on the training rows given', () => {
    expect(fitTargetScaling(experiment(), values([1, 3, 100]), Int32Array.from([0, 1]))).toEqual({ kind: 'standardize', mean: [2], std: [1] });
  });

  it('refuses targets whose statistics overflow float64, naming the target and what to do', () => {
    const huge = values([1e308, -1e308, 1e308]);
    expect(() => fitTargetScaling(experiment(), huge, all(3))).toThrow(
      "training.scaleTarget: the values of target 'y' are too large to standardize in float64 (the statistics overflow); rescale the column in the file",
    );
    expect(() => fitTargetScaling(experiment('minmax'), huge, all(3))).toThrow("the values of target 'y' are too large to min-max scale in float64");
    expect(fitTargetScaling(experiment('none'), huge, all(3))).toEqual({ kind: 'none' });
  });

  it('maps nothing back when targets are unscaled', () => {
    expect(targetUnits(undefined, 1)).toBeUndefined();
    expect(targetUnits({ kind: 'none' }, 1)).toBeUndefined();
    expect(targetUnits({ kind: 'minmax', min: [2], max: [6] }, 1)).toEqual({ scale: [4], shift: [2] });
  });
});
