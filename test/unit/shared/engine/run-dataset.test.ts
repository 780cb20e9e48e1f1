import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinDataset } from '../../../../src/shared/data/builtin-datasets';
import type { Dataset } from '../../../../src/shared/data/dataset';
import { importCsvBytes } from '../../../../src/shared/data/import-csv';
import { StepInspector } from '../../../../src/shared/engine/inspect-step';
import { portableModel } from '../../../../src/shared/export/portable-model';
import { predict } from '../../../../src/shared/nn/weights-json';
import { chooseRows, modelDataProblem, prepareRun, runDataset } from '../../../../src/shared/engine/prepare';
import { runSession } from '../../../../src/shared/engine/session';
import type { TrainCheckpoint } from '../../../../src/shared/nn/checkpoint';
import { ExperimentSchema, type Experiment, type ExperimentInput } from '../../../../src/shared/schema/experiment';
import type { WeightsFile } from '../../../../src/shared/schema/weights';

// A stored dataset's `normalize`: fitted on the run's training rows, applied to every row, with the
// bits a CSV file normalized as it is read gets on the same rows, on a copy; carried by the weights,
// replayed by the inspector and by a continuation; never on top of a normalization at import.

const ASSETS = join(import.meta.dirname, '../../../../resources/datasets');
const readAsset = async (file: string) => new Uint8Array(readFileSync(join(ASSETS, file)));

async function shipped(id: string): Promise<Dataset> {
  const entry = builtinDataset(id);
  if (entry.kind !== 'asset') throw new Error(`${id} is not an asset`);
  return entry.load(readAsset);
}

/** The Run form's defaults on a dataset, 30 epochs. */
function experiment(dataset: ExperimentInput['dataset'], training: Partial<ExperimentInput['training']> = {}): Experiment {
  return ExperimentSchema.parse({
    dataset,
    model: { layers: [{ units: 32, activation: 'tanh' }, { units: 32, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
    training: { optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 16, epochs: 30, seed: 1, validationSplit: 0.2, ...training },
  });
}

const bits = (x: ArrayLike<number> & { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }) => Array.from(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));

/** One feature, rows 0–2 for training and row 3 held out. */
function table(values: number[], normalization: Dataset['normalization'] = { kind: 'none' }): Dataset {
  return {
    name: 'table',
    featureNames: ['v'],
    rows: values.length,
    features: 1,
    x: Float64Array.from(values),
    target: { kind: 'classes', classes: ['a', 'b'], labels: Int32Array.from(values, (_, i) => i % 2) },
    normalization,
    split: { train: Int32Array.of(0, 1, 2), validation: Int32Array.of(3) },
  };
}
const onTable = (normalize?: 'none' | 'minmax' | 'standardize') =>
  ExperimentSchema.parse({
    dataset: { stored: 'table-id', ...(normalize ? { normalize } : {}) },
    model: { layers: [{ units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
    training: { optimizer: { name: 'sgd', learningRate: 0.1 }, epochs: 1 },
  });
const trainRows = Int32Array.of(0, 1, 2);

describe('normalizing a stored dataset for a run', () => {
  it('breast cancer standardized for a run has the bits of its CSV file standardized as it is read, on the same training rows', async () => {
    const stored = await shipped('breast-cancer');
    const raw = Float64Array.from(stored.x);
    const run = prepareRun(experiment({ stored: 'builtin/breast-cancer', normalize: 'standardize' }), stored);
    const csv = importCsvBytes(await readAsset('breast-cancer.csv'), 'breast-cancer.csv', {
      target: 'diagnosis',
      normalization: 'standardize',
      split: { validation: 0.2, test: 0, seed: 1 },
      precision: 'float64',
    }).dataset;
    expect(run.trainRows).toEqual(csv.split!.train);
    expect(run.validationRows).toEqual(csv.split!.validation);
    expect(run.dataset.normalization).toEqual(csv.normalization);
    expect(bits(run.dataset.x)).toEqual(bits(csv.x));
    expect(run.samples.x).toBe(run.dataset.x);
    // The stored rows stay in the file's units: the run normalized a copy.
    expect(bits(stored.x)).toEqual(bits(raw));
    expect(stored.normalization).toEqual({ kind: 'none' });
    // Standardized on 455 training rows: mean_area's training mean is 0 within rounding, and its
    // values (143.5 to 2501) are a few standard deviations either side.
    const area = stored.featureNames.indexOf('mean_area');
    const column = Array.from(run.trainRows, (row) => run.dataset.x[row * stored.features + area]);
    expect(Math.abs(column.reduce((sum, v) => sum + v, 0) / column.length)).toBeLessThan(1e-14);
    expect(Math.max(...column)).toBeLessThan(12);
  });

  it('min-max scales an imported float32 dataset in float32, with the bits of its import min-max scaled on the same split', async () => {
    const bytes = await readAsset('iris.csv');
    const choices = { target: 'species', split: { validation: 0.3, test: 0, seed: 5 }, precision: 'float32' } as const;
    const stored = importCsvBytes(bytes, 'iris.csv', { ...choices, split: { validation: 0 } }).dataset;
    const atImport = importCsvBytes(bytes, 'iris.csv', { ...choices, normalization: 'minmax' }).dataset;
    const exp = experiment({ stored: 'some-id', normalize: 'minmax' }, { validationSplit: 0.3, seed: 5 });
    const rows = chooseRows(exp, stored);
    const normalized = runDataset(exp, stored, rows.trainRows);
    expect(normalized.x).toBeInstanceOf(Float32Array);
    expect(rows.trainRows).toEqual(atImport.split!.train);
    expect(normalized.normalization).toEqual(atImport.normalization);
    expect(bits(normalized.x)).toEqual(bits(atImport.x));
  });

  it('fits on the training rows only and applies the fit to the held-out rows', () => {
    const standardized = runDataset(onTable('standardize'), table([1, 2, 3, 1000]), trainRows);
    const std = Math.sqrt(2 / 3);
    expect(standardized.normalization).toEqual({ kind: 'standardize', mean: [2], std: [std] });
    expect(Array.from(standardized.x)).toEqual([-1 / std, 0, 1 / std, 998 / std]);
    // Another held-out value changes nothing fitted.
    expect(runDataset(onTable('standardize'), table([1, 2, 3, -5]), trainRows).normalization).toEqual(standardized.normalization);
    const scaled = runDataset(onTable('minmax'), table([1, 2, 3, 1000]), trainRows);
    expect(scaled.normalization).toEqual({ kind: 'minmax', min: [1], max: [3] });
    expect(Array.from(scaled.x)).toEqual([0, 0.5, 1, 499.5]);
  });

  it('leaves the dataset as it is without normalize, with "none", and for a CSV file (normalized as it is read)', () => {
    const data = table([1, 2, 3, 4]);
    expect(runDataset(onTable(), data, trainRows)).toBe(data);
    expect(runDataset(onTable('none'), data, trainRows)).toBe(data);
    const csv = ExperimentSchema.parse({ ...onTable(), dataset: { csv: 'a.csv', target: 'y', normalize: 'standardize' } });
    expect(runDataset(csv, data, trainRows)).toBe(data);
  });

  it('refuses to normalize a dataset normalized at import a second time, by field, and trains on it as imported with "none"', async () => {
    const imported = table([-1, 0, 1, 2], { kind: 'standardize', mean: [5], std: [2] });
    const message = 'dataset.normalize: table was standardized when it was imported and is not normalized twice; leave normalize out (or "none") to train on it as imported';
    expect(modelDataProblem(onTable('minmax'), imported)).toBe(message);
    expect(modelDataProblem(onTable('standardize'), table([1, 2, 3, 4], { kind: 'minmax', min: [0], max: [1] }))).toBe(message.replace('standardized', 'min-max scaled'));
    expect(() => prepareRun(onTable('standardize'), imported)).toThrow(message);
    expect(await runSession(onTable('standardize'), imported)).toEqual({ status: 'failed', message });
    // Below the engine's check, normalize.ts itself never normalizes twice.
    expect(() => runDataset(onTable('standardize'), imported, trainRows)).toThrow('table is already normalized (standardize)');
    expect(modelDataProblem(onTable('none'), imported)).toBeNull();
    expect(prepareRun(onTable('none'), imported).dataset).toBe(imported);
  });

  it('refuses statistics that overflow float64, naming the feature', () => {
    expect(() => runDataset(onTable('standardize'), table([1e308, 1e308, 1e308, 0]), trainRows)).toThrow(
      "dataset.normalize: feature 'v' of table is too large to standardize in float64 (its statistics overflow); choose no normalization",
    );
    expect(() => runDataset(onTable('minmax'), table([-1e308, 0, 1e308, 0]), trainRows)).toThrow(
      "dataset.normalize: feature 'v' of table is too large to min-max scale in float64 (its statistics overflow); choose no normalization",
    );
    // Large but finite statistics are fine: a spread of 2e307.
    expect(runDataset(onTable('minmax'), table([-1e307, 0, 1e307, 0]), trainRows).normalization).toEqual({ kind: 'minmax', min: [-1e307], max: [1e307] });
  });
});

describe('a run on breast cancer with the Run form defaults', () => {
  it('learns standardized (98 % validation accuracy) and its weights carry the standardization; on the raw values it stays at the majority class', async () => {
    const stored = await shipped('breast-cancer');
    const standardized = await runSession(experiment({ stored: 'builtin/breast-cancer', normalize: 'standardize' }), stored);
    expect(standardized.status).toBe('done');
    expect(standardized.weights!.metrics!.validationAccuracy).toBeGreaterThan(0.97);
    const run = prepareRun(experiment({ stored: 'builtin/breast-cancer', normalize: 'standardize' }), stored);
    if (run.dataset.normalization.kind !== 'standardize') throw new Error('standardized expected');
    expect(standardized.weights!.input.normalization).toEqual(run.dataset.normalization);
    expect(standardized.bestWeights!.input.normalization.kind).toBe('standardize');
    // The file's own normalization, repeated on the rows in the file's units as predict and every
    // export do, gives back the run's validation accuracy (112 of 114).
    const { validationRows } = run;
    const labels = stored.target.kind === 'classes' ? stored.target.labels : new Int32Array(0);
    const predicted = predict(standardized.weights!, stored.x, stored.rows).classIndices!;
    expect(validationRows!.filter((row) => predicted[row] === labels[row]).length / validationRows!.length).toBe(standardized.weights!.metrics!.validationAccuracy);
    const exported = portableModel(standardized.weights!, 'float64');
    expect([exported.normalization, Array.from(exported.shift), Array.from(exported.scale)]).toEqual(['standardize', run.dataset.normalization.mean, run.dataset.normalization.std]);
    const raw = await runSession(experiment({ stored: 'builtin/breast-cancer' }), stored);
    // 72 of the 114 held-out tumours are benign.
    expect(raw.weights!.metrics!.validationAccuracy).toBe(72 / 114);
    expect(raw.weights!.input.normalization).toEqual({ kind: 'none' });
  });

  it('continues from a checkpoint to the same bits as one run, the normalization fitted again on the same rows', async () => {
    const stored = await shipped('breast-cancer');
    const exp = experiment({ stored: 'builtin/breast-cancer', normalize: 'standardize' }, { epochs: 6 });
    const saved: TrainCheckpoint[] = [];
    const whole = await runSession(exp, stored, { checkpoints: { everyEpochs: 3, everySeconds: 0, save: (c) => saved.push(c) } });
    const rest = await runSession(exp, stored, { resume: saved.find((c) => c.epoch === 3) });
    const weights = (file: WeightsFile | undefined) => bits(Float64Array.from(file!.layers.flatMap((l) => [...l.W.flat(), ...l.b])));
    expect(weights(rest.weights)).toEqual(weights(whole.weights));
    expect(rest.weights!.input.normalization).toEqual(whole.weights!.input.normalization);
  });

  it("shows the inspector the network's own inputs: A[0] is the standardized rows", async () => {
    const stored = await shipped('breast-cancer');
    const exp = experiment({ stored: 'builtin/breast-cancer', normalize: 'standardize' });
    const inspector = await StepInspector.create(exp, stored);
    expect(inspector.inputsNormalization).toBe('standardize');
    expect((await StepInspector.create(experiment({ stored: 'builtin/breast-cancer' }), stored)).inputsNormalization).toBe('none');
    const rows = [0, 1, 2];
    const A0 = inspector.inspect({ rows }).forward[0].A_prev;
    const { dataset } = prepareRun(exp, stored);
    const f = stored.features;
    expect([A0.rows, A0.cols]).toEqual([f, 3]);
    for (const [j, row] of rows.entries()) {
      for (let i = 0; i < f; i++) expect(A0.values[i * 3 + j]).toBe(dataset.x[row * f + i]);
    }
    expect(Math.max(...A0.values.map(Math.abs))).toBeLessThan(13);
  });
});
