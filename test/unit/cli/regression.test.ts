import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseWeights } from '../../../src/shared/nn/weights-json';
import { csvRows, FIXTURES, ROOT, runCli, type CliRun } from './run-cli';

// A two-target regression through the CLI: "targets" in the experiment, R², RMSE and MAE per
// epoch in the targets' units, the target scaling in the weights, predictions and exports in the
// targets' units (numpy undoing the scaling as the README shows).

const dir = mkdtempSync(join(tmpdir(), 'nn-regression-'));
const weights = join(dir, 'weights.json');
const metrics = join(dir, 'metrics.jsonl');
const predictions = join(dir, 'predictions.csv');
const numpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0 ? 'python3' : null;

interface MetricsLine {
  epoch: number;
  loss: number;
  r2: number;
  rmse: number;
  mae: number;
  validation: { loss: number; r2: number; rmse: number; mae: number };
}

describe('two-target regression through the CLI', () => {
  let train: CliRun;
  beforeAll(() => {
    copyFileSync(join(FIXTURES, 'import/two-targets.csv'), join(dir, 'two-targets.csv'));
    const experiment = {
      dataset: { csv: 'two-targets.csv', targets: ['y1', 'y2'], normalize: 'standardize' },
      model: { layers: [{ units: 8, activation: 'tanh' }, { units: 2, activation: 'linear' }], loss: 'mse', init: 'xavierUniform' },
      training: { optimizer: { name: 'adam', learningRate: 0.02 }, epochs: 150, batchSize: 8, seed: 1, validationSplit: 0.25 },
    };
    writeFileSync(join(dir, 'experiment.json'), JSON.stringify(experiment));
    train = runCli(['train', join(dir, 'experiment.json'), '--out', weights, '--metrics', metrics]);
  });

  it('reports R², RMSE and MAE per epoch for train and validation, in the targets\' units', () => {
    expect(train.stderr).toBe('');
    expect(train.status).toBe(0);
    expect(train.stdout).toMatch(/^done after 150 epochs .*: train loss [\d.]+, R² 0\.9\d+, RMSE [\d.]+, MAE [\d.]+[^;]*; validation loss [\d.]+, R² 0\.9\d+, RMSE [\d.]+, MAE [\d.]+$/m);
    const lines = readFileSync(metrics, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as MetricsLine);
    const last = lines.at(-1)!;
    expect(Object.keys(last.validation).sort()).toEqual(['loss', 'mae', 'r2', 'rmse']);
    expect(last.validation.r2).toBeGreaterThan(0.9);
    // y1 spans hundreds: an RMSE in its units is far above the loss of the standardized targets.
    expect(last.rmse).toBeGreaterThan(1);
    expect(last.loss).toBeLessThan(0.1);
    expect(last.rmse).toBeGreaterThanOrEqual(last.mae);
  });

  it('stores the standardization of the training targets in the weights', () => {
    const file = parseWeights(readFileSync(weights, 'utf8'));
    expect(file.output).toMatchObject({ task: 'regression', targets: ['y1', 'y2'], scaling: { kind: 'standardize' } });
    const scaling = (file.output as { scaling: { mean: number[]; std: number[] } }).scaling;
    // The means of the 30 training rows: y1 around 300, y2 around 9.
    expect(scaling.mean[0]).toBeGreaterThan(200);
    expect(scaling.mean[1]).toBeGreaterThan(5);
    expect(scaling.mean[1]).toBeLessThan(15);
  });

  it('predicts in the targets\' units and reports R², RMSE and MAE per target when the file has them', () => {
    const run = runCli(['predict', weights, join(dir, 'two-targets.csv'), '--out', predictions]);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^y1 on two-targets\.csv: R² 0\.9\d+, RMSE [\d.]+, MAE [\d.]+ \(40 rows\)$/m);
    expect(run.stderr).toMatch(/^y2 on two-targets\.csv: R² [\d.]+, RMSE [\d.]+, MAE [\d.]+ \(40 rows\)$/m);
    const rows = csvRows(readFileSync(predictions, 'utf8'));
    expect(rows[0]).toEqual(['y1', 'y2']);
    expect(rows).toHaveLength(41);
    // The file's first row is y1 = 308.1, y2 = 10.201.
    expect(Math.abs(Number(rows[1][0]) - 308.1)).toBeLessThan(30);
    expect(Math.abs(Number(rows[1][1]) - 10.201)).toBeLessThan(1);
  });

  it.skipIf(!numpy)(`numpy undoes the scaling from the weights JSON as the README shows${numpy ? '' : ' — SKIPPED: no python3 with numpy'}`, () => {
    const theirs = spawnSync(numpy!, [join(ROOT, 'test/reference/predict_numpy.py'), weights, join(dir, 'two-targets.csv')], { encoding: 'utf8' });
    expect(theirs.stderr).toBe('');
    const ours = csvRows(readFileSync(predictions, 'utf8'));
    const numpyRows = csvRows(theirs.stdout);
    expect(numpyRows[0]).toEqual(ours[0]);
    for (let i = 1; i < ours.length; i++) for (let j = 0; j < 2; j++) expect(Number(numpyRows[i][j])).toBeCloseTo(Number(ours[i][j]), 9);
  });

  it('exports to ONNX with the un-scaling inside: ONNX Runtime agrees with the workbench in target units', () => {
    const out = join(dir, 'model.onnx');
    const run = runCli(['export', weights, '--format', 'onnx', '--dtype', 'float64', '--out', out, '--verify', join(dir, 'two-targets.csv')]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/workbench R² 0\.9\d+, RMSE [\d.]+, export R² 0\.9\d+, RMSE [\d.]+/);
    expect(run.stderr).not.toMatch(/DISAGREES/);
  });
});
