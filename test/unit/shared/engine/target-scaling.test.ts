import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../../src/shared/data/dataset';
import { importCsvBytes } from '../../../../src/shared/data/import-csv';
import { predictRows } from '../../../../src/shared/engine/predictions';
import { prepareRun, scalingOfWeights } from '../../../../src/shared/engine/prepare';
import { runSession } from '../../../../src/shared/engine/session';
import { exportOnnx, ONNX_INPUT, ONNX_OUTPUT } from '../../../../src/shared/export/onnx';
import { portableModel } from '../../../../src/shared/export/portable-model';
import type { TrainCheckpoint } from '../../../../src/shared/nn/checkpoint';
import { checkpointToJson, validateCheckpoint } from '../../../../src/shared/nn/checkpoint-json';
import { LOSSES } from '../../../../src/shared/nn/losses';
import { parseWeights, predict, serializeWeights } from '../../../../src/shared/nn/weights-json';
import { ExperimentSchema, type Experiment, type ExperimentInput } from '../../../../src/shared/schema/experiment';
import type { EpochEvent } from '../../../../src/shared/schema/progress';

// Regression targets scaled for training and mapped back for everything shown, on a committed
// two-target file (y1 in the hundreds, y2 around 10).

const FILE = join(import.meta.dirname, '../../../fixtures/import/two-targets.csv');

function twoTargets(): Dataset {
  // Standardized features, and no split of its own: the runs hold out their validationSplit.
  return importCsvBytes(readFileSync(FILE), 'two-targets.csv', { targets: ['y1', 'y2'], precision: 'float64', normalization: 'standardize', split: { validation: 0 } }).dataset;
}

function experiment(training: Partial<ExperimentInput['training']> = {}, hidden = false): Experiment {
  return ExperimentSchema.parse({
    dataset: { csv: 'two-targets.csv', targets: ['y1', 'y2'] },
    model: { layers: [...(hidden ? [{ units: 8, activation: 'tanh' as const }] : []), { units: 2, activation: 'linear' }], loss: 'mse', init: 'xavierUniform' },
    training: { optimizer: { name: 'adam', learningRate: 0.05 }, epochs: 300, batchSize: 'full', seed: 3, backend: 'ts', ...training },
  });
}

/** Column j of a rows × width row-major array. */
const column = (values: ArrayLike<number>, width: number, j: number, rows: ArrayLike<number>) => Array.from(rows, (row) => values[row * width + j]);
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

describe('target scaling', () => {
  it('reads two target columns into one multi-output regression', () => {
    const dataset = twoTargets();
    expect(dataset.target).toMatchObject({ kind: 'values', names: ['y1', 'y2'] });
    expect(dataset.featureNames).toEqual(['a', 'b', 'c']);
    expect(dataset.rows).toBe(40);
    const values = (dataset.target as { values: Float64Array }).values;
    // The file's first data row: 4.2,-3.71,173.9,308.1,10.201
    expect([values[0], values[1]]).toEqual([308.1, 10.201]);
  });

  it('is fitted on the training rows only, and the network learns the standardized targets', () => {
    const dataset = twoTargets();
    const values = (dataset.target as { values: Float64Array }).values;
    const run = prepareRun(experiment({ validationSplit: 0.25 }), dataset);
    expect(run.validationRows!.length).toBe(10);
    const scaling = run.targetScaling;
    if (scaling.kind !== 'standardize') throw new Error(`expected standardize, got ${scaling.kind}`);
    for (const j of [0, 1]) {
      const train = column(values, 2, j, run.trainRows);
      expect(scaling.mean[j]).toBeCloseTo(mean(train), 12);
      expect(scaling.std[j]).toBeCloseTo(Math.sqrt(mean(train.map((v) => (v - mean(train)) ** 2))), 12);
      // Not the statistics of every row: the validation rows took no part.
      expect(Math.abs(scaling.mean[j] - mean(column(values, 2, j, Int32Array.from({ length: 40 }, (_, i) => i))))).toBeGreaterThan(1e-6);
    }
    const row = run.validationRows![0];
    expect(run.samples.y[row * 2]).toBeCloseTo((values[row * 2] - scaling.mean[0]) / scaling.std[0], 12);
    expect(run.output).toEqual({ task: 'regression', targets: ['y1', 'y2'], scaling });
  });

  it('scaleTarget "minmax" maps the training rows onto [0, 1]; "none" and classification leave the targets alone', () => {
    const dataset = twoTargets();
    const minmax = prepareRun(experiment({ scaleTarget: 'minmax' }), dataset);
    const scaled = column(minmax.samples.y, 2, 0, minmax.trainRows);
    expect(Math.min(...scaled)).toBe(0);
    expect(Math.max(...scaled)).toBe(1);
    const none = prepareRun(experiment({ scaleTarget: 'none' }), dataset);
    expect(none.targetScaling).toEqual({ kind: 'none' });
    expect(none.output).toEqual({ task: 'regression', targets: ['y1', 'y2'] });
    expect(Array.from(none.samples.y)).toEqual(Array.from((dataset.target as { values: Float64Array }).values));
  });

  it('a linear network with mse reaches scikit-learn LinearRegression\'s R² and RMSE, in target units, whatever the scaling', async () => {
    // sklearn 1.2: LinearRegression().fit(X, Y) on the same file, r2_score and RMSE averaged over y1 and y2.
    const SKLEARN = { r2: 0.9929740386375867, rmse: 2.2882714081241096 };
    for (const scaleTarget of ['standardize', 'minmax', 'none'] as const) {
      // Unscaled targets in the hundreds need many more steps: the point the default makes.
      const epochs = scaleTarget === 'none' ? 6000 : 1500;
      const result = await runSession(experiment({ scaleTarget, epochs, optimizer: { name: 'adam', learningRate: scaleTarget === 'none' ? 0.5 : 0.05 } }), twoTargets());
      expect(result.status).toBe('done');
      expect(result.weights!.metrics!.trainR2, scaleTarget).toBeCloseTo(SKLEARN.r2, 4);
      expect(result.weights!.metrics!.trainRmse, scaleTarget).toBeCloseTo(SKLEARN.rmse, 2);
    }
  });

  it('the weights JSON keeps the scaling; predict() and the ONNX export give the engine\'s predictions in target units', async () => {
    const exp = experiment({ validationSplit: 0.25 }, true);
    const dataset = twoTargets();
    const result = await runSession(exp, dataset);
    const file = parseWeights(serializeWeights(result.weights!));
    expect(file.output).toEqual(result.weights!.output);
    expect(scalingOfWeights(file).kind).toBe('standardize');

    const all = Int32Array.from({ length: dataset.rows }, (_, i) => i);
    const run = prepareRun(exp, dataset, file, scalingOfWeights(file));
    const engine = predictRows(run.network, run.samples, all, LOSSES.mse).outputs;
    // In target units: y1 predictions in the hundreds, like the file's values.
    expect(mean(column(engine, 2, 0, all))).toBeGreaterThan(100);
    const raw = importCsvBytes(readFileSync(FILE), 'two-targets.csv', { targets: ['y1', 'y2'], precision: 'float64', split: { validation: 0 } }).dataset.x;
    const predicted = predict(file, raw, dataset.rows).outputs.flat();
    predicted.forEach((v, k) => expect(v).toBeCloseTo(engine[k], 9));

    const session = await ort.InferenceSession.create(exportOnnx(portableModel(file, 'float64')));
    const onnx = (await session.run({ [ONNX_INPUT]: new ort.Tensor('float64', Float64Array.from(raw), [dataset.rows, 3]) }))[ONNX_OUTPUT];
    await session.release();
    expect(onnx.dims).toEqual([dataset.rows, 2]);
    Array.from(onnx.data as Float64Array).forEach((v, k) => expect(Math.abs(v - engine[k])).toBeLessThan(1e-9 * Math.max(1, Math.abs(engine[k]))));
  });

  it('epoch metrics and the predicted-vs-true view are in target units, one pair per target', async () => {
    const events: EpochEvent[] = [];
    await runSession(experiment({ validationSplit: 0.25, epochs: 50 }, true), twoTargets(), { onEpoch: (e) => events.push(e), networkViews: true });
    const last = events.at(-1)!;
    expect(Object.keys(last.validation!).sort()).toEqual(['loss', 'mae', 'r2', 'rmse']);
    const predictions = last.view!.predictions!;
    expect(predictions.targets).toBe(2);
    expect(predictions.names).toEqual(['y1', 'y2']);
    expect(predictions.actual.length).toBe(2 * 10);
    // The validation rows' true values as the file has them (y1 in the hundreds, y2 near 10).
    expect(Math.min(...predictions.actual.filter((_, k) => k % 2 === 0))).toBeGreaterThan(50);
    expect(Math.max(...predictions.actual.filter((_, k) => k % 2 === 1))).toBeLessThan(20);
  });

  it('a checkpoint carries the scaling; resuming keeps it, and a checkpoint from before scaling resumes unscaled', async () => {
    const exp = experiment({ epochs: 4 });
    let saved: TrainCheckpoint | undefined;
    const first = await runSession({ ...exp, training: { ...exp.training, epochs: 2 } }, twoTargets(), { checkpoints: { everyEpochs: 1, everySeconds: 0, save: (c) => (saved = c) } });
    const scaling = (first.weights!.output as { scaling?: unknown }).scaling;
    expect(saved!.targetScaling).toEqual(scaling);
    const { checkpoint } = validateCheckpoint(JSON.parse(JSON.stringify(checkpointToJson(saved!, { experiment: exp, inputs: 3 }))));
    expect(checkpoint.targetScaling).toEqual(scaling);
    const resumed = await runSession(exp, twoTargets(), { resume: checkpoint });
    expect((resumed.weights!.output as { scaling?: unknown }).scaling).toEqual(scaling);
    const { targetScaling: _absent, ...old } = checkpoint;
    const oldResumed = await runSession(exp, twoTargets(), { resume: old });
    expect(oldResumed.weights!.output).toEqual({ task: 'regression', targets: ['y1', 'y2'] });
  });

  it('refuses a checkpoint or weights file whose scaling does not fit the targets, naming the field', () => {
    const exp = experiment();
    const file = {
      format: 'nn-workbench.weights',
      version: 1,
      layers: [{ W: [[1, 0, 0], [0, 1, 0]], b: [0, 0], activation: { name: 'linear' } }],
      input: { features: ['a', 'b', 'c'], normalization: { kind: 'none' } },
      output: { task: 'regression', targets: ['y1', 'y2'], scaling: { kind: 'standardize', mean: [1], std: [2, 3] } },
    };
    expect(() => parseWeights(JSON.stringify(file))).toThrow('output.scaling.mean: expected 2 numbers (one per target), found 1');
    expect(exp.training.scaleTarget).toBeUndefined();
  });
});
