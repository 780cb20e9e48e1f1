import { describe, expect, it } from 'vitest';
import type { Dataset, Normalization } from '../../../../src/shared/data/dataset';
import { inOriginalUnits, inputsForWeights } from '../../../../src/shared/engine/weights-inputs';
import type { WeightsFile } from '../../../../src/shared/schema/weights';

// A dataset's features as a weights file expects them, and in the units of the user's file.

const original = [
  [10, 0],
  [20, 1],
  [40, 0],
];
/** The 3 × 2 features above, stored normalized as `normalization` says, in `type`. */
function datasetOf(normalization: Normalization, type: typeof Float32Array | typeof Float64Array = Float64Array): Dataset {
  const x = type.from(original.flat());
  if (normalization.kind === 'standardize') x.forEach((v, i) => (x[i] = (v - normalization.mean[i % 2]) / normalization.std[i % 2]));
  return { name: 'd', featureNames: ['a', 'b'], rows: 3, features: 2, x, target: { kind: 'classes', classes: ['n', 'y'], labels: Int32Array.from([0, 1, 0]) }, normalization };
}
const weightsWith = (normalization: Normalization): WeightsFile => ({
  format: 'nn-workbench.weights',
  version: 1,
  layers: [{ W: [[1, 1]], b: [0], activation: { name: 'sigmoid' } }],
  input: { features: ['a', 'b'], normalization },
  output: { task: 'classification', classes: ['n', 'y'] },
});
const standardized: Normalization = { kind: 'standardize', mean: [20, 0.5], std: [10, 0.5] };

describe('inputs for weights', () => {
  it("are the dataset's own features when the weights were trained with the same normalization", () => {
    const dataset = datasetOf(standardized);
    expect(inputsForWeights(weightsWith(standardized), dataset)).toBe(dataset.x);
  });

  it('are renormalized as the weights expect when their normalization differs', () => {
    const minmax: Normalization = { kind: 'minmax', min: [10, 0], max: [40, 1] };
    const x = inputsForWeights(weightsWith(minmax), datasetOf(standardized));
    expect(Array.from(x)).toEqual([0, 0, 1 / 3, 1, 1, 0]);
    expect(Array.from(inputsForWeights(weightsWith({ kind: 'none' }), datasetOf(standardized)))).toEqual(original.flat());
  });
});

describe('features in original units', () => {
  it('undo the normalization, times a factor', () => {
    const out = inOriginalUnits(datasetOf(standardized), new Float64Array(6), 2);
    expect(Array.from(out)).toEqual(original.flat().map((v) => 2 * v));
    const pixels = inOriginalUnits(datasetOf({ kind: 'minmax', min: [0, 0], max: [1, 1] }), new Uint8ClampedArray(6), 255);
    expect(Array.from(pixels)).toEqual([255, 0, 255, 255, 255, 0]);
  });

  it("turn the float32 rounding left around a normalized 0 back into 0, but keep a small value that is really there", () => {
    // 0.5 stored in float32 and standardized with mean 0.5 + ε comes back as ε-dust, not 0.
    const dusty: Normalization = { kind: 'standardize', mean: [20, 0.5000001], std: [10, 0.5] };
    const dataset = datasetOf(dusty, Float32Array);
    dataset.x[1] = Math.fround(-0.5000001 / 0.5);
    const back = inOriginalUnits(dataset, new Float64Array(6), 1);
    expect(back[1]).toBe(0);
    // The same value in float64 is kept: float64 rounding is a million times finer.
    const exact = datasetOf(dusty);
    exact.x[1] = 1e-9 / 0.5 - 0.5000001 / 0.5;
    expect(inOriginalUnits(exact, new Float64Array(6), 1)[1]).toBeCloseTo(1e-9, 15);
    // The dust scales with the feature's spread and offset: around 1000 ± 10, float32 rounding
    // leaves 2e-5 where the file had 0.
    const wide: Normalization = { kind: 'standardize', mean: [1000.1, 0], std: [10, 1] };
    const widened = datasetOf(wide, Float32Array);
    widened.x[0] = Math.fround(-1000.1 / 10);
    expect(Math.abs(widened.x[0] * 10 + 1000.1)).toBeGreaterThan(1e-5);
    expect(inOriginalUnits(widened, new Float64Array(6), 1)[0]).toBe(0);
    // Without normalization nothing is dust: a stored 1e-20 is 1e-20.
    const raw = datasetOf({ kind: 'none' });
    raw.x[1] = 1e-20;
    expect(inOriginalUnits(raw, new Float64Array(6), 1)[1]).toBe(1e-20);
  });

  it('count as dust only what is below the limit: 1e-13 of spread + |offset| in float64, a value at it stays', () => {
    const unit = datasetOf({ kind: 'standardize', mean: [0, 0], std: [1, 1] });
    unit.x.set([1e-13, 0.99e-13]);
    expect(Array.from(inOriginalUnits(unit, new Float64Array(6), 1).subarray(0, 2))).toEqual([1e-13, 0]);
  });
});
