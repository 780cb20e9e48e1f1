import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseWeights } from '../../../src/shared/nn/weights-json';
import { csvRows, FIXTURES, ROOT, runCli } from './run-cli';

// Trains the committed Iris and breast-cancer experiments through the CLI, then predicts with the
// exported weights from the CLI and from plain numpy.

const dir = mkdtempSync(join(tmpdir(), 'nn-cli-'));
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
if (!hasNumpy) console.warn('skipped: python3 with numpy not found (exported weights are not checked against numpy)');

interface MetricsLine {
  epoch: number;
  loss: number;
  accuracy: number;
  validation: { loss: number; accuracy: number };
  trainMetrics: string;
  epochSeconds: number;
  totalSeconds: number;
}

const readMetrics = (path: string): MetricsLine[] =>
  readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line));

describe.each([
  { name: 'iris', epochs: 100, rows: 150, classes: ['setosa', 'versicolor', 'virginica'] },
  { name: 'breast-cancer', epochs: 40, rows: 569, classes: ['benign', 'malignant'] },
])('$name through the CLI', ({ name, epochs, rows, classes }) => {
  const weights = join(dir, `${name}.weights.json`);
  const metrics = join(dir, `${name}.metrics.jsonl`);
  const predictions = join(dir, `${name}.predictions.csv`);
  let train: ReturnType<typeof runCli>;

  beforeAll(() => {
    train = runCli(['train', join(FIXTURES, `${name}.experiment.json`), '--out', weights, '--metrics', metrics]);
  });

  it('trains to ≥ 95% validation accuracy, one line and one metrics record per epoch', () => {
    expect(train.stderr).toBe('');
    expect(train.status).toBe(0);
    expect(train.stdout.split('\n').filter((line) => /^epoch \d+\/\d+ /.test(line))).toHaveLength(epochs);
    expect(train.stdout).not.toContain('network health');
    const lines = readMetrics(metrics);
    expect(lines.map((l) => l.epoch)).toEqual(Array.from({ length: epochs }, (_, i) => i + 1));
    const last = lines[epochs - 1];
    expect(last.validation.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(last.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(last.loss).toBeLessThan(lines[0].loss);
    expect(lines.every((l) => l.trainMetrics === 'running')).toBe(true);
    // totalSeconds is the time since the run started, the sum of the epochs' own seconds (each
    // epoch's measured on its own clock readings, so equal within rounding).
    const totals = lines.map((l) => l.totalSeconds);
    expect(totals).toEqual([...totals].sort((a, b) => a - b));
    expect(lines.every((l) => l.epochSeconds > 0 && !('seconds' in l))).toBe(true);
    for (let i = 1; i < lines.length; i++) expect(lines[i].epochSeconds).toBeLessThanOrEqual(totals[i] - totals[i - 1] + 1e-9);
    expect(lines[0].epochSeconds).toBeLessThanOrEqual(totals[0]);
  });

  it('writes a valid weights file carrying the standardization of the training split', () => {
    const file = parseWeights(readFileSync(weights, 'utf8'));
    expect(file.output).toEqual({ task: 'classification', classes });
    expect(file.input.normalization.kind).toBe('standardize');
    expect(file.experiment?.training.epochs).toBe(epochs);
  });

  it('predicts every row with the class and one probability per class', () => {
    const run = runCli(['predict', weights, join(FIXTURES, `${name}.csv`), '--out', predictions]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`${rows} predictions written to ${predictions}`);
    const accuracy = /accuracy on .*\.csv: ([\d.]+)%/.exec(run.stderr);
    expect(Number(accuracy?.[1])).toBeGreaterThanOrEqual(95);
    const [header, ...body] = csvRows(readFileSync(predictions, 'utf8'));
    expect(header).toEqual(['prediction', ...classes.map((c) => `p_${c}`)]);
    expect(body).toHaveLength(rows);
    for (const [predicted, ...p] of body) {
      const probabilities = p.map(Number);
      expect(classes).toContain(predicted);
      expect(probabilities.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
      expect(classes[probabilities.indexOf(Math.max(...probabilities))]).toBe(predicted);
    }
  });

  it.skipIf(!hasNumpy)('gives the same predictions from plain numpy with the exported weights', () => {
    const numpy = spawnSync('python3', [join(ROOT, 'test/reference/predict_numpy.py'), weights, join(FIXTURES, `${name}.csv`)], {
      encoding: 'utf8',
    });
    expect(numpy.stderr).toBe('');
    const ours = csvRows(readFileSync(predictions, 'utf8'));
    const theirs = csvRows(numpy.stdout);
    expect(theirs[0]).toEqual(ours[0]);
    expect(theirs.map((row) => row[0])).toEqual(ours.map((row) => row[0]));
    let maxDifference = 0;
    for (let i = 1; i < ours.length; i++) {
      for (let j = 1; j < ours[i].length; j++) maxDifference = Math.max(maxDifference, Math.abs(Number(ours[i][j]) - Number(theirs[i][j])));
    }
    expect(maxDifference).toBeLessThan(1e-9);
  });
});

describe('continuing from weights', () => {
  it('--init starts from the given weights instead of a fresh initialization', () => {
    const experiment = JSON.parse(readFileSync(join(FIXTURES, 'iris.experiment.json'), 'utf8'));
    experiment.dataset.csv = join(FIXTURES, 'iris.csv');
    experiment.training.epochs = 1;
    const path = join(dir, 'iris-1-epoch.experiment.json');
    writeFileSync(path, JSON.stringify(experiment));
    const fresh = join(dir, 'fresh.jsonl');
    const continued = join(dir, 'continued.jsonl');
    expect(runCli(['train', path, '--metrics', fresh]).status).toBe(0);
    expect(runCli(['train', path, '--init', join(dir, 'iris.weights.json'), '--metrics', continued]).status).toBe(0);
    const freshLoss = readMetrics(fresh)[0].loss;
    const continuedLoss = readMetrics(continued)[0].loss;
    const trainedLoss = readMetrics(join(dir, 'iris.metrics.jsonl')).at(-1)!.loss;
    expect(freshLoss).toBeGreaterThan(0.5);
    expect(continuedLoss).toBeLessThan(2 * trainedLoss);
  });
});

describe('predictions a spreadsheet opens safely', () => {
  it('neutralizes class and column names that start like formulas; numbers, negative ones too, stay numbers', () => {
    const labels = ['=HYPERLINK("http://evil.example","open")', '-1', '@SUM(A1)'];
    const rows = Array.from({ length: 30 }, (_, i) => `${i % 3},${(i * 7) % 5},${-i / 10},"${labels[i % 3].replace(/"/g, '""')}"`);
    writeFileSync(join(dir, 'formulas.csv'), `a,b,=target,label\n${rows.join('\n')}\n`);
    const model = (units: number, activation: string) => ({ layers: [{ units: 4, activation: 'tanh' }, { units, activation }] });
    writeFileSync(join(dir, 'classes.experiment.json'), JSON.stringify({
      dataset: { csv: 'formulas.csv', target: 'label', ignore: ['=target'] },
      model: { ...model(3, 'softmax'), loss: 'categoricalCrossEntropy' },
      training: { optimizer: { name: 'adam', learningRate: 0.05 }, epochs: 200, seed: 1 },
    }));
    writeFileSync(join(dir, 'values.experiment.json'), JSON.stringify({
      dataset: { csv: 'formulas.csv', target: '=target', ignore: ['label'] },
      model: { ...model(1, 'linear'), loss: 'mse' },
      training: { optimizer: { name: 'adam', learningRate: 0.05 }, epochs: 5, seed: 1 },
    }));
    for (const name of ['classes', 'values']) {
      const train = runCli(['train', join(dir, `${name}.experiment.json`), '--out', join(dir, `${name}.weights.json`)]);
      expect(train.stderr).toBe('');
      expect(runCli(['predict', join(dir, `${name}.weights.json`), join(dir, 'formulas.csv'), '--out', join(dir, `${name}.csv`)]).status).toBe(0);
    }
    const classes = readFileSync(join(dir, 'classes.csv'), 'utf8').split('\n');
    expect(classes[0]).toBe('prediction,p_-1,"p_=HYPERLINK(""http://evil.example"",""open"")",p_@SUM(A1)');
    // Trained to fit: rows 1–3 hold the three labels in order.
    expect(classes[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/evil\.example"",""open""\)",[\d.e-]+,[\d.e-]+,[\d.e-]+$/);
    expect(classes[2]).toMatch(/^-1,[\d.e-]+,[\d.e-]+,[\d.e-]+$/);
    expect(classes[3]).toMatch(/^"'@SUM\(A1\)",[\d.e-]+,[\d.e-]+,[\d.e-]+$/);
    const values = readFileSync(join(dir, 'values.csv'), 'utf8').trim().split('\n');
    expect(values[0]).toBe(`"'=target"`);
    expect(values.slice(1).every((cell) => Number.isFinite(Number(cell)))).toBe(true);
    expect(values.slice(1).some((cell) => cell.startsWith('-'))).toBe(true);
  });
});
