import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pythonWith, unless } from '../shared/export/export-models';
import { csvRows, FIXTURES, ROOT, runCli } from './run-cli';

// The README's numpy snippets, run as the README prints them (only the file names and the input
// rows swapped in), must give what `predict` gives: the weights JSON loop with its normalization
// (a constant feature's std or range of 0 counting as 1), the un-scaling of regression targets,
// and the .npz export's loop. A snippet that drifts from the app's maths fails here.

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const pythonBlocks = [...README.matchAll(/```python\n([\s\S]*?)```/g)].map((match) => match[1]);
const block = (start: string) => {
  const found = pythonBlocks.find((code) => code.startsWith(start));
  if (!found) throw new Error(`README has no python block starting with ${start}`);
  return found;
};
const WEIGHTS_SNIPPET = block('import json, numpy as np\nf = json.load(');
const SCALING_SNIPPET = block('s = f["output"]');
const NPZ_SNIPPET = block('import json, numpy as np\nz = np.load(');
/** The rows the README's snippets take as their input, replaced by a test's own. */
const README_ROWS = 'np.array([[0.5, -0.2], [1.0, 0.3]]).T';
const README_NPZ_ROW = 'np.array([[5.1, 3.5, 1.4, 0.2]])';

const numpy = pythonWith('numpy');
const dir = mkdtempSync(join(tmpdir(), 'nn-readme-numpy-'));
const file = (name: string) => join(dir, name);

function swap(code: string, from: string, to: string): string {
  expect(code, `the README snippet still contains ${from}`).toContain(from);
  return code.replace(from, to);
}

/** Runs python code in the test's directory and returns its stdout (failing on any stderr). */
function python(code: string): string {
  const run = spawnSync(numpy!, ['-c', code], { cwd: dir, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout;
}

/** The features of a CSV file the CLI predicts on, as a numpy matrix X (one row per sample). */
const loadFeatures = (csv: string, columns: number[]) =>
  `import numpy as np\nX = np.loadtxt(${JSON.stringify(csv)}, delimiter=",", skiprows=1, usecols=${JSON.stringify(columns)}, ndmin=2)\n`;
const PRINT_A = '\nnp.savetxt(__import__("sys").stdout, A.T, delimiter=",", fmt="%.17g")\n';

const numbers = (text: string) => csvRows(text).map((row) => row.map(Number));
const predicted = (weights: string, csv: string) => {
  const run = runCli(['predict', weights, csv, '--out', `${weights}.csv`]);
  expect(run.status, run.stderr).toBe(0);
  return csvRows(readFileSync(`${weights}.csv`, 'utf8'));
};

function expectClose(theirs: number[][], ours: number[][], relative: number) {
  expect(theirs.length).toBe(ours.length);
  theirs.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - ours[i][j]) / Math.max(1, Math.abs(ours[i][j])), `row ${i}, column ${j}`).toBeLessThan(relative)));
}

/**
 * 40 rows: a, b, a constant column c (std and range 0), and two targets in very different units
 * (y1 in the hundreds), so both normalizations and both target scalings have real work to do.
 */
function writeRegressionCsv(path: string) {
  const lines = ['a,b,c,y1,y2'];
  for (let i = 0; i < 40; i++) {
    const a = ((i * 7) % 40) / 10 - 2;
    const b = ((i * 13) % 40) / 20 - 1;
    lines.push(`${a},${b},2.5,${300 + 40 * a - 25 * b},${9 + a * b}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

function trainRegression(name: string, normalize: 'standardize' | 'minmax', scaleTarget: 'standardize' | 'minmax') {
  const experiment = {
    dataset: { csv: 'regression.csv', targets: ['y1', 'y2'], normalize },
    model: { layers: [{ units: 6, activation: 'tanh' }, { units: 2, activation: 'linear' }], loss: 'mse' },
    training: { optimizer: { name: 'adam', learningRate: 0.02 }, epochs: 20, batchSize: 8, seed: 3, validationSplit: 0.25, scaleTarget },
  };
  writeFileSync(file(`${name}.experiment.json`), JSON.stringify(experiment));
  const run = runCli(['train', file(`${name}.experiment.json`), '--out', file(`${name}.weights.json`)]);
  expect(run.status, run.stderr).toBe(0);
}

describe.skipIf(!numpy)(unless(numpy, "the README's numpy snippets, as printed, give predict's numbers", 'numpy'), () => {
  beforeAll(() => {
    // The README's experiment JSON, trained briefly: its spirals take no normalization.
    const experiment = JSON.parse(README.match(/```json\n(\{ "dataset": \{ "synthetic": "spirals"[\s\S]*?)```/)![1]);
    experiment.training.epochs = 3;
    writeFileSync(file('spirals.experiment.json'), JSON.stringify(experiment));
    expect(runCli(['train', file('spirals.experiment.json'), '--out', file('spirals.weights.json')]).status).toBe(0);
    writeRegressionCsv(file('regression.csv'));
    trainRegression('standardized', 'standardize', 'standardize');
    trainRegression('minmax', 'minmax', 'minmax');
    expect(runCli(['train', join(FIXTURES, 'iris.experiment.json'), '--out', file('iris.weights.json')]).status).toBe(0);
  });

  it('the weights JSON snippet, untouched, gives the two points their probabilities and classes (A[0] >= 0.5)', () => {
    const out = python(`${WEIGHTS_SNIPPET}\nprint(",".join(repr(float(v)) for v in A[0]))\nprint(",".join(str(bool(v)) for v in A[0] >= 0.5))\n`);
    const [probabilities, isClass1] = out.trim().split('\n').map((line) => line.split(','));
    writeFileSync(file('two.csv'), 'x1,x2\n0.5,-0.2\n1.0,0.3\n');
    const ours = predicted(file('spirals.weights.json'), file('two.csv'));
    expect(ours[0]).toEqual(['prediction', 'p_0', 'p_1']);
    expectClose([probabilities.map(Number)], [ours.slice(1).map((row) => Number(row[2]))], 1e-12);
    expect(isClass1.map((v) => (v === 'True' ? '1' : '0'))).toEqual(ours.slice(1).map((row) => row[0]));
  });

  it.each(['standardized', 'minmax'])('with %s inputs (a constant column among them) and targets, the snippets give the targets in their units', (name) => {
    const weights = JSON.parse(readFileSync(file(`${name}.weights.json`), 'utf8'));
    // The constant column's statistic is stored as it is (0), which the snippet must read as 1.
    const spread = name === 'minmax' ? weights.input.normalization.max[2] - weights.input.normalization.min[2] : weights.input.normalization.std[2];
    expect(spread).toBe(0);
    const code = loadFeatures(file('regression.csv'), [0, 1, 2]) + swap(swap(WEIGHTS_SNIPPET, 'spirals.weights.json', file(`${name}.weights.json`)), README_ROWS, 'X.T') + '\n' + SCALING_SNIPPET + PRINT_A;
    const ours = predicted(file(`${name}.weights.json`), file('regression.csv'));
    expect(ours[0]).toEqual(['y1', 'y2']);
    // In the targets' units: y1 in the hundreds.
    expect(Number(ours[1][0])).toBeGreaterThan(100);
    expectClose(numbers(python(code)), ours.slice(1).map((row) => row.map(Number)), 1e-12);
  });

  it.each([
    ['iris', join(FIXTURES, 'iris.csv'), [0, 1, 2, 3]],
    ['standardized', file('regression.csv'), [0, 1, 2]],
    ['minmax', file('regression.csv'), [0, 1, 2]],
  ] as const)('the .npz snippet (with g from the first) predicts as the workbench for %s', (name, csv, columns) => {
    const weights = file(`${name}.weights.json`);
    const exported = runCli(['export', weights, '--format', 'npz', '--dtype', 'float64', '--out', file(`${name}.npz`)]);
    expect(exported.status, exported.stderr).toBe(0);
    const setup = swap(swap(WEIGHTS_SNIPPET, 'spirals.weights.json', weights), README_ROWS, 'X.T');
    const code = loadFeatures(csv, [...columns]) + setup + '\n' + swap(swap(NPZ_SNIPPET, 'iris.npz', file(`${name}.npz`)), README_NPZ_ROW, 'X') + PRINT_A;
    const ours = predicted(weights, csv);
    const values = ours.slice(1).map((row) => (name === 'iris' ? row.slice(1) : row).map(Number));
    expectClose(numbers(python(code)), values, 1e-12);
  });
});
