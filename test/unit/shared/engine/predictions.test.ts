import { describe, expect, it } from 'vitest';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import { predictRows } from '../../../../src/shared/engine/predictions';
import { prepareRun } from '../../../../src/shared/engine/prepare';
import { resolveActivation } from '../../../../src/shared/nn/activations';
import type { Samples } from '../../../../src/shared/nn/batches';
import { LOSSES } from '../../../../src/shared/nn/losses';
import { Network } from '../../../../src/shared/nn/network';
import { evaluate } from '../../../../src/shared/nn/train';
import { ExperimentSchema } from '../../../../src/shared/schema/experiment';
import { LOSS_NAMES, type DType } from '../../../../src/shared/schema/names';

// A linear layer whose outputs are chosen by hand, so each per-row loss can be written down.
function linear(W: number[], b: number[], inputs: number, dtype: DType = 'float64'): Network {
  const network = new Network({ inputs, dtype, layers: [{ units: b.length, activation: resolveActivation('linear') }] });
  network.layers[0].W.set(W);
  network.layers[0].b.set(b);
  return network;
}

describe('predictions row by row', () => {
  // Two inputs, one output A = 0.5·x1 + 0.25·x2 + 0.1; rows (1,0), (0,1), (1,1) give 0.6, 0.35, 0.85.
  const oneOutput = () => linear([0.5, 0.25], [0.1], 2);
  const x = Float64Array.from([1, 0, 0, 1, 1, 1]);
  const binary: Samples = { x, features: 2, y: Float64Array.from([1, 0, 1]), outputs: 1, labels: Int32Array.from([1, 0, 1]) };

  it('gives A, the loss of each row on its own and the class, in the order of the rows asked for', () => {
    const rows = Int32Array.from([2, 0, 1]);
    const { outputs, loss, predicted } = predictRows(oneOutput(), binary, rows, LOSSES.binaryCrossEntropy);
    expect(outputs[0]).toBeCloseTo(0.85, 15);
    expect(outputs[1]).toBeCloseTo(0.6, 15);
    expect(outputs[2]).toBeCloseTo(0.35, 15);
    // −ln 0.85 (target 1), −ln 0.6 (target 1), −ln(1 − 0.35) (target 0)
    expect(loss[0]).toBeCloseTo(0.16251892949777494, 14);
    expect(loss[1]).toBeCloseTo(0.5108256237659907, 14);
    expect(loss[2]).toBeCloseTo(0.4307829160924542, 14);
    expect(Array.from(predicted!)).toEqual([1, 1, 0]);
  });

  it('uses each loss exactly as the registry defines it on one column', () => {
    const rows = Int32Array.from([0, 1, 2]);
    const regression: Samples = { x, features: 2, y: Float64Array.from([1, 0, 1]), outputs: 1 };
    // Errors A − Y: −0.4, 0.35, −0.15.
    const sse = predictRows(oneOutput(), regression, rows, LOSSES.sse);
    expect(sse.predicted).toBeUndefined();
    // sse is the plain sum of squares, not halved: with one output, each row's (A − Y)².
    [0.16, 0.1225, 0.0225].forEach((value, i) => expect(sse.loss[i]).toBeCloseTo(value, 15));
    const mse = predictRows(oneOutput(), regression, rows, LOSSES.mse);
    [0.16, 0.1225, 0.0225].forEach((value, i) => expect(mse.loss[i]).toBeCloseTo(value, 15));

    // Two outputs (0.25, 0.75) for every row: row 0 is class 1, row 1 class 0.
    const two = linear([0, 0, 0, 0], [0.25, 0.75], 2);
    const onehot: Samples = { x, features: 2, y: Float64Array.from([0, 1, 1, 0, 0, 1]), outputs: 2, labels: Int32Array.from([1, 0, 1]) };
    const cce = predictRows(two, onehot, rows, LOSSES.categoricalCrossEntropy);
    expect(Array.from(cce.outputs)).toEqual([0.25, 0.75, 0.25, 0.75, 0.25, 0.75]);
    expect(cce.loss[0]).toBeCloseTo(0.2876820724517809, 14); // −ln 0.75
    expect(cce.loss[1]).toBeCloseTo(1.3862943611198906, 14); // −ln 0.25
    expect(Array.from(cce.predicted!)).toEqual([1, 1, 1]);
    // Over two outputs, mse divides by 2 and sse sums both: (0.25² + 0.25²)/2 and 0.75² + 0.75².
    const mse2 = predictRows(two, onehot, rows, LOSSES.mse);
    expect(mse2.loss[0]).toBeCloseTo(0.0625, 15);
    const sse2 = predictRows(two, onehot, rows, LOSSES.sse);
    expect(sse2.loss[1]).toBeCloseTo(1.125, 15);
  });

  it('predicts a set larger than a chunk, in the order asked, reporting progress after each chunk', () => {
    const n = 1500;
    const many: Samples = { x: Float64Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? i / 2 : 0)), features: 2, y: new Float64Array(n), outputs: 1 };
    const rows = Int32Array.from({ length: n }, (_, i) => n - 1 - i);
    const progress: number[] = [];
    const { outputs } = predictRows(oneOutput(), many, rows, LOSSES.mse, (done) => progress.push(done));
    expect(progress).toEqual([1024, 1500]);
    // A = 0.5·row + 0.1 for each row asked, last row first.
    [0, 1023, 1024, 1499].forEach((i) => expect(outputs[i]).toBeCloseTo(0.5 * rows[i] + 0.1, 9));
  });

  it('reports each chunk once when the rows fill whole chunks, and nothing for no rows', () => {
    const n = 2048;
    const many: Samples = { x: Float64Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? i / 2 : 0)), features: 2, y: new Float64Array(n), outputs: 1 };
    const progress: number[] = [];
    const { outputs } = predictRows(oneOutput(), many, Int32Array.from({ length: n }, (_, i) => i), LOSSES.mse, (done) => progress.push(done));
    expect(progress).toEqual([1024, 2048]);
    expect(outputs[2047]).toBeCloseTo(0.5 * 2047 + 0.1, 9);
    const none: number[] = [];
    expect(predictRows(oneOutput(), many, new Int32Array(0), LOSSES.mse, (done) => none.push(done)).outputs).toHaveLength(0);
    expect(none).toEqual([]);
  });

  it('gives regression outputs in the targets\' units, and the loss on the scaled ones', () => {
    // The network learns y scaled as (y − 10) / 4: output 0.6 for row (1, 0) is 10 + 4 · 0.6 = 12.4.
    const scaled: Samples = { x, features: 2, y: Float64Array.from([0.5, 0, 1]), outputs: 1, targetUnits: { scale: [4], shift: [10] } };
    const { outputs, loss } = predictRows(oneOutput(), scaled, Int32Array.from([0]), LOSSES.mse);
    expect(outputs[0]).toBeCloseTo(12.4, 14);
    expect(loss[0]).toBeCloseTo(0.01, 15);
  });

  it.each(['float64', 'float32'] as const)('in %s, each row\'s loss is what training computes for that row, and they add up to the epoch loss', (dtype) => {
    const dataset = resolveSyntheticDataset({ synthetic: 'blobs', samples: 90, seed: 3 });
    for (const name of LOSS_NAMES) {
      const output = name === 'categoricalCrossEntropy' ? 'softmax' : 'sigmoid';
      const experiment = ExperimentSchema.parse({
        dataset: { synthetic: 'blobs', samples: 90, seed: 3 },
        model: { layers: [{ units: 5, activation: 'tanh' }, { units: 3, activation: output }], loss: name, init: { name: 'normal', std: 1 } },
        training: { optimizer: { name: 'sgd', learningRate: 0.1 }, epochs: 1, validationSplit: 0.3, seed: 5, dtype, backend: 'ts' },
      });
      const { network, samples, loss, validationRows } = prepareRun(experiment, dataset);
      const rows = validationRows!;
      const result = predictRows(network, samples, rows, loss);
      for (const i of [0, 7, rows.length - 1]) {
        expect(result.loss[i], `${name} row ${rows[i]}`).toBe(evaluate(network, samples, rows.subarray(i, i + 1), loss).loss);
      }
      const total = result.loss.reduce((sum, value) => sum + value, 0);
      const epoch = evaluate(network, samples, rows, loss);
      expect(loss.meanOverSamples ? total / rows.length : total, name).toBeCloseTo(epoch.loss, 12);
      const correct = result.predicted!.filter((k, i) => k === samples.labels![rows[i]]).length;
      expect(correct / rows.length, name).toBe(epoch.accuracy);
    }
  });
});
