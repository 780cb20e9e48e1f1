import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../../src/shared/data/dataset';
import { resolveSyntheticDataset } from '../../../../src/shared/data/synthetic';
import { runSession } from '../../../../src/shared/engine/session';
import { ExperimentSchema, type Experiment, type ExperimentInput } from '../../../../src/shared/schema/experiment';
import type { EpochEvent } from '../../../../src/shared/schema/progress';
import { RunResultSchema } from '../../../../src/shared/schema/protocol';
import type { WeightsFile } from '../../../../src/shared/schema/weights';

// runSession end to end: model/data checks, splits, determinism, continue-training, statuses.

function experiment(overrides: { model?: Partial<ExperimentInput['model']>; training?: Partial<ExperimentInput['training']> } = {}): Experiment {
  return ExperimentSchema.parse({
    dataset: { synthetic: 'spirals', samples: 200, noise: 0.1, seed: 1 },
    model: {
      layers: [
        { units: 12, activation: 'tanh', dropout: 0.2 },
        { units: 8, activation: 'relu' },
        { units: 1, activation: 'sigmoid' },
      ],
      init: 'heNormal',
      loss: 'binaryCrossEntropy',
      ...overrides.model,
    },
    training: {
      optimizer: { name: 'momentum', learningRate: 0.05 },
      batchSize: 16,
      epochs: 8,
      seed: 42,
      validationSplit: 0.2,
      ...overrides.training,
    },
  });
}

const spirals = (classes = 2): Dataset => resolveSyntheticDataset({ synthetic: 'spirals', samples: 200, noise: 0.1, seed: 1, classes });

function regression(): Dataset {
  const rows = 60;
  const x = Float64Array.from({ length: rows * 2 }, (_, i) => Math.sin(i * 0.7));
  const values = Float64Array.from({ length: rows }, (_, r) => 0.5 * x[2 * r] - 0.25 * x[2 * r + 1]);
  return { name: 'plane', featureNames: ['a', 'b'], rows, features: 2, x, target: { kind: 'values', names: ['y'], values }, normalization: { kind: 'none' } };
}

/** Every weight of a file as float64 bytes, for bit-exact comparison. */
function weightBytes(file: WeightsFile | undefined): number[] {
  if (!file) throw new Error('no weights');
  const values = Float64Array.from(file.layers.flatMap((l) => [...l.W.flat(), ...l.b]));
  return Array.from(new Uint8Array(values.buffer));
}

async function run(exp: Experiment, dataset: Dataset = spirals(), initialWeights?: WeightsFile) {
  const events: EpochEvent[] = [];
  const result = await runSession(exp, dataset, { onEpoch: (e) => events.push(e), initialWeights });
  expect(RunResultSchema.safeParse(result).success).toBe(true);
  return { result, events };
}

describe('runSession', () => {
  it.each(['float64', 'float32'] as const)('same config and seed give bit-identical weights (%s)', async (dtype) => {
    const first = await run(experiment({ training: { dtype } }));
    const second = await run(experiment({ training: { dtype } }));
    expect(first.result.status).toBe('done');
    expect(weightBytes(second.result.weights)).toEqual(weightBytes(first.result.weights));
    expect(weightBytes(second.result.bestWeights)).toEqual(weightBytes(first.result.bestWeights));
    const withoutTime = (events: EpochEvent[]) => events.map(({ seconds: _s, epochSeconds: _e, ...rest }) => rest);
    expect(withoutTime(second.events)).toEqual(withoutTime(first.events));
    // A different seed changes them, so the comparison above can fail.
    const other = await run(experiment({ training: { dtype, seed: 43 } }));
    expect(weightBytes(other.result.weights)).not.toEqual(weightBytes(first.result.weights));
  });

  it('float32 runs store float32 values and differ from float64 only by rounding', async () => {
    const single = await run(experiment({ training: { dtype: 'float32' } }));
    const double = await run(experiment({ training: { dtype: 'float64' } }));
    const values = single.result.weights!.layers.flatMap((l) => [...l.W.flat(), ...l.b]);
    for (const v of values) expect(Math.fround(v)).toBe(v);
    expect(weightBytes(single.result.weights)).not.toEqual(weightBytes(double.result.weights));
    expect(single.events[7].train.loss).toBeCloseTo(double.events[7].train.loss, 4);
  });

  it('returns weights with the features, normalization, classes, experiment and final metrics', async () => {
    const exp = experiment();
    const { result, events } = await run(exp);
    const weights = result.weights!;
    expect(weights.input).toEqual({ features: ['x1', 'x2'], normalization: { kind: 'none' } });
    expect(weights.output).toEqual({ task: 'classification', classes: ['0', '1'] });
    expect(weights.experiment).toEqual(exp);
    expect(weights.metrics).toEqual({
      epoch: 8,
      trainLoss: events[7].train.loss,
      trainAccuracy: events[7].train.accuracy,
      validationLoss: events[7].validation!.loss,
      validationAccuracy: events[7].validation!.accuracy,
    });
    const validationLosses = events.map((e) => e.validation!.loss);
    expect(result.bestEpoch).toBe(validationLosses.indexOf(Math.min(...validationLosses)) + 1);
    expect(result.bestWeights!.metrics!.epoch).toBe(result.bestEpoch);
  });

  it('holds out validationSplit of the rows, stratified, or uses the dataset’s own split', async () => {
    const { events } = await run(experiment());
    // 40 of 200 rows: accuracy is a multiple of 1/40 on validation and 1/160 on training.
    expect((events[0].validation!.accuracy! * 40) % 1).toBeCloseTo(0, 9);
    expect((events[0].train.accuracy! * 160) % 1).toBeCloseTo(0, 9);
    const dataset = { ...spirals(), split: { train: Int32Array.from({ length: 197 }, (_, i) => i), validation: Int32Array.of(197, 198, 199) } };
    const own = await run(experiment(), dataset);
    expect([0, 1 / 3, 2 / 3, 1]).toContainEqual(own.events[0].validation!.accuracy);
    const none = await run(experiment({ training: { validationSplit: 0 } }));
    expect(none.events[0].validation).toBeUndefined();
  });

  it('stratifies the held-out rows: each class keeps its share, for any seed', async () => {
    // 200 rows in classes of 100, 60 and 40, interleaved: 40 held out are 20, 12 and 8 of them.
    const base = spirals(3);
    const labels = Int32Array.from({ length: 200 }, (_, r) => (r % 10 < 5 ? 0 : r % 10 < 8 ? 1 : 2));
    const dataset: Dataset = { ...base, target: { kind: 'classes', classes: ['a', 'b', 'c'], labels } };
    for (const seed of [1, 2, 3]) {
      const exp = experiment({ model: { layers: [{ units: 4, activation: 'tanh' }, { units: 3, activation: 'softmax' }], loss: 'categoricalCrossEntropy' }, training: { seed, epochs: 1 } });
      const views: EpochEvent[] = [];
      await runSession(exp, dataset, { networkViews: true, onEpoch: (e) => views.push(e) });
      // The confusion matrix's rows count the validation rows of each true class.
      expect(views.at(-1)!.view!.confusion!.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([20, 12, 8]);
    }
  });

  it('continues training from initial weights: 5 + 5 full-batch epochs equal 10', async () => {
    const plain = (epochs: number) =>
      experiment({
        model: { layers: [{ units: 6, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }] },
        training: { optimizer: { name: 'sgd', learningRate: 0.3 }, batchSize: 'full', shuffle: false, epochs, validationSplit: 0 },
      });
    const ten = await run(plain(10));
    const five = await run(plain(5));
    const more = await run(plain(5), spirals(), five.result.weights);
    expect(weightBytes(more.result.weights)).toEqual(weightBytes(ten.result.weights));
    expect(weightBytes(five.result.weights)).not.toEqual(weightBytes(ten.result.weights));
  });

  it('refuses initial weights of another architecture, naming the field', async () => {
    const { result: trained } = await run(experiment({ training: { epochs: 1 } }));
    const other = experiment({ model: { layers: [{ units: 12, activation: 'tanh' }, { units: 4, activation: 'relu' }, { units: 1, activation: 'sigmoid' }] } });
    const { result } = await run(other, spirals(), trained.weights);
    expect(result).toEqual({ status: 'failed', message: 'initial weights: layers[1].b: the weights have 8 units, the model 4' });
  });

  const misfits: [string, Experiment, Dataset, string][] = [
    [
      'softmax with the wrong number of units',
      experiment({ model: { layers: [{ units: 8, activation: 'relu' }, { units: 2, activation: 'softmax' }], loss: 'categoricalCrossEntropy' } }),
      spirals(3),
      'model.layers[1].units: the output layer has 2 units but spirals has 3 classes (0, 1, 2); use 3 units (one per class)',
    ],
    [
      'one unit for three classes',
      experiment(),
      spirals(3),
      'model.layers[2].units: one output unit can only separate 2 classes, but spirals has 3 (0, 1, 2); use 3 units with softmax and categoricalCrossEntropy',
    ],
    [
      'cross-entropy on a tanh output',
      experiment({ model: { layers: [{ units: 8, activation: 'relu' }, { units: 1, activation: 'tanh' }] } }),
      spirals(),
      'model.loss: binaryCrossEntropy needs outputs between 0 and 1, but the output activation tanh gives values in (-1, 1); use sigmoid on the output layer',
    ],
    [
      'categorical cross-entropy on a single unit',
      experiment({ model: { loss: 'categoricalCrossEntropy' } }),
      spirals(),
      'model.loss: categoricalCrossEntropy with a single output unit ignores the negative class; use binaryCrossEntropy with 1 sigmoid unit, or 2 softmax units',
    ],
    [
      'softmax on a hidden layer',
      experiment({ model: { layers: [{ units: 8, activation: 'softmax' }, { units: 1, activation: 'sigmoid' }] } }),
      spirals(),
      'model.layers[0].activation: softmax normalizes across units, so it only belongs on the output layer',
    ],
    [
      'dropout on the output layer',
      experiment({ model: { layers: [{ units: 8, activation: 'relu' }, { units: 1, activation: 'sigmoid', dropout: 0.5 }] } }),
      spirals(),
      'model.layers[1].dropout: dropout on the output layer would zero predictions; put it on hidden layers',
    ],
    [
      'regression with too many output units',
      experiment({ model: { layers: [{ units: 8, activation: 'relu' }, { units: 2, activation: 'linear' }], loss: 'mse' } }),
      regression(),
      'model.layers[1].units: the output layer has 2 units but plane has 1 regression target (y); set units to 1',
    ],
    [
      'cross-entropy for regression',
      experiment({ model: { layers: [{ units: 8, activation: 'relu' }, { units: 1, activation: 'sigmoid' }] } }),
      regression(),
      'model.loss: binaryCrossEntropy is for classification; plane is a regression dataset, use sse or mse',
    ],
  ];
  it.each(misfits)('fails with a clear message for %s', async (_label, exp, dataset, message) => {
    const { result, events } = await run(exp, dataset);
    expect(result).toEqual({ status: 'failed', message });
    expect(events).toHaveLength(0);
  });

  it('trains regression and reports MAE and R²', async () => {
    const exp = experiment({
      model: { layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'linear' }], loss: 'mse', init: 'xavierUniform' },
      training: { optimizer: { name: 'adam', learningRate: 0.02 }, epochs: 60, validationSplit: 0.25 },
    });
    const { result, events } = await run(exp, regression());
    expect(result.status).toBe('done');
    expect(result.weights!.output).toMatchObject({ task: 'regression', targets: ['y'], scaling: { kind: 'standardize' } });
    const last = events.at(-1)!;
    expect(last.train.accuracy).toBeUndefined();
    expect(last.validation!.r2).toBeGreaterThan(0.9);
    expect(last.validation!.mae).toBeLessThan(0.1);
    expect(last.validation!.rmse).toBeGreaterThanOrEqual(last.validation!.mae!);
    expect(last.train.r2).toBeGreaterThan(events[0].train.r2!);
  });

  it('ends cancelled with the current weights and no metrics when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await runSession(experiment(), spirals(), { signal: controller.signal });
    expect(result.status).toBe('cancelled');
    expect(result.weights?.metrics).toBeUndefined();
    expect(result.bestWeights).toBeUndefined();
    expect(result.bestEpoch).toBe(0);
  });

  it('cancelled after some epochs, keeps the weights it has but no metrics: they would describe other weights', async () => {
    const controller = new AbortController();
    const result = await runSession(experiment(), spirals(), { signal: controller.signal, onEpoch: (event) => event.epoch === 2 && controller.abort() });
    expect(result.status).toBe('cancelled');
    expect(result.message).toBe('Cancelled during epoch 3.');
    expect(result.weights).toBeDefined();
    expect(result.weights!.metrics).toBeUndefined();
  });

  it('attaches a look into the network to epoch events only when asked', async () => {
    const { events } = await run(experiment({ training: { epochs: 2 } }));
    expect(events.map((event) => event.view)).toEqual([undefined, undefined]);
  });

  it('ends failed without weights when training diverges', async () => {
    const exp = experiment({
      model: { layers: [{ units: 8, activation: 'relu' }, { units: 1, activation: 'linear' }], loss: 'mse' },
      training: { optimizer: { name: 'sgd', learningRate: 1e8 }, epochs: 20 },
    });
    const { result } = await run(exp);
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(/^The run diverged at epoch 1, batch 1 of 10: the weights blew up: layer \d's ‖W‖ reached /);
    expect(result.weights).toBeUndefined();
  });

  it('after early stopping the weights are the best epoch’s', async () => {
    const exp = experiment({ training: { epochs: 200, earlyStopping: { patience: 2, minDelta: 0.05 } } });
    const { result, events } = await run(exp);
    expect(result.status).toBe('stopped-early');
    expect(events.length).toBe(result.bestEpoch! + 2);
    expect(weightBytes(result.weights)).toEqual(weightBytes(result.bestWeights));
    expect(result.weights!.metrics!.epoch).toBe(result.bestEpoch);
  });
});
