import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWeights } from '../../../src/shared/nn/weights-json';
import { csvRows, runCli } from './run-cli';

// A CSV with a text feature, missing values and an id column, trained and predicted through the
// CLI: the one-hot features travel in the weights by name and predict rebuilds them from the column.

const dir = mkdtempSync(join(tmpdir(), 'nn-cli-cat-'));

describe('train and predict on a CSV with a categorical feature', () => {
  it('one-hot encodes, fills missing values, and predicts from the raw columns', () => {
    const lines = ['id;size;colour;label'];
    for (let i = 0; i < 120; i++) {
      const colour = ['red', 'green', 'blue'][i % 3];
      const size = i % 10 === 0 ? 'NA' : String((i % 7) / 7);
      lines.push(`${i + 1};${size};${colour};${colour === 'red' ? 'warm' : 'cool'}`);
    }
    writeFileSync(join(dir, 'paint.csv'), `${lines.join('\n')}\n`);
    const experiment = {
      dataset: { csv: 'paint.csv', target: 'label', ignore: ['id'], missing: 'mean', normalize: 'standardize' },
      model: { layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
      training: { optimizer: { name: 'adam', learningRate: 0.05 }, epochs: 60, seed: 1, validationSplit: 0.25 },
    };
    writeFileSync(join(dir, 'paint.json'), JSON.stringify(experiment));
    const weights = join(dir, 'paint.weights.json');
    const train = runCli(['train', join(dir, 'paint.json'), '--out', weights]);
    expect(train.stderr).toBe('');
    expect(train.status).toBe(0);
    const file = parseWeights(readFileSync(weights, 'utf8'));
    expect(file.input.features).toEqual(['size', 'colour=blue', 'colour=green', 'colour=red']);
    expect(file.output).toEqual({ task: 'classification', classes: ['cool', 'warm'] });

    writeFileSync(join(dir, 'new.csv'), 'colour,size,label\nred,0.5,warm\nblue,0.1,cool\n');
    const predict = runCli(['predict', weights, join(dir, 'new.csv')]);
    expect(predict.status).toBe(0);
    const rows = csvRows(predict.stdout);
    expect(rows[0]).toEqual(['prediction', 'p_cool', 'p_warm']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['warm', 'cool']);
    expect(predict.stderr).toBe('new.csv: ","-separated, header on line 1, decimal point; 2 rows\naccuracy on new.csv: 100.00% (2/2)\n');
  });
});
