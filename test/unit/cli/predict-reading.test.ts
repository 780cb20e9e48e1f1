import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsvTable } from '../../../src/shared/data/csv';
import { runCli } from './run-cli';

// predict reads a CSV the way the model's training file was read: a file whose format detection
// gets wrong (here '1,500' in a ';' file, which looks like a decimal comma but was declared a
// thousands separator) must give the predictions of the same numbers written plainly, and a
// file without a header row must be readable at all.

const dir = mkdtempSync(join(tmpdir(), 'nn-predict-reading-'));

/** 40 rows: size in the thousands and a 0/1 flag; the label is 'big' above 2,000. */
const rows = Array.from({ length: 40 }, (_, i) => ({ size: 1000 + 125 * ((i * 7) % 24), flag: i % 2 }));
const label = (size: number) => (size > 2000 ? 'big' : 'small');
const thousands = (n: number) => `${Math.floor(n / 1000)},${String(n % 1000).padStart(3, '0')}`;

beforeAll(() => {
  writeFileSync(
    join(dir, 'sizes.csv'),
    ['exported 2026-12-07 by the lab system', 'size;flag;label', ...rows.map((r) => `${thousands(r.size)};${r.flag};${label(r.size)}`)].join('\n') + '\n',
  );
  writeFileSync(join(dir, 'plain.csv'), ['size,flag,label', ...rows.map((r) => `${r.size},${r.flag},${label(r.size)}`)].join('\n') + '\n');
  writeFileSync(
    join(dir, 'sizes.experiment.json'),
    JSON.stringify({
      name: 'sizes',
      dataset: { csv: 'sizes.csv', target: 'label', headerLine: 2, delimiter: ';', thousands: ',', normalize: 'standardize' },
      model: { layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
      training: { optimizer: { name: 'adam', learningRate: 0.05 }, epochs: 60, batchSize: 8, seed: 3, validationSplit: 0 },
    }),
  );
  const train = runCli(['train', join(dir, 'sizes.experiment.json'), '--out', join(dir, 'sizes.weights.json')]);
  expect(train.status, train.stderr).toBe(0);
});

describe('predict reads the rows as the training file was read', () => {
  it('is a file whose detected format is wrong', () => {
    // Without the experiment's choices, '1,500' reads as one and a half.
    const detected = readCsvTable(readFileSync(join(dir, 'sizes.csv')), 'sizes.csv');
    expect(detected.format).toEqual({ decimal: ',', thousands: '' });
  });

  it('gives the predictions of the same numbers written plainly', () => {
    const weights = join(dir, 'sizes.weights.json');
    const european = runCli(['predict', weights, join(dir, 'sizes.csv')]);
    expect(european.status).toBe(0);
    expect(european.stderr).toContain('sizes.csv: ";"-separated, header on line 2, decimal point, thousands ","; 40 rows');
    expect(european.stderr).toContain('accuracy on sizes.csv: 100.00% (40/40)');
    // The plain file needs the options that undo the training file's choices.
    const plain = runCli(['predict', weights, join(dir, 'plain.csv'), '--header-line', '1', '--delimiter', ',', '--thousands', 'none']);
    expect(plain.status).toBe(0);
    expect(plain.stderr).toContain('plain.csv: ","-separated, header on line 1, decimal point; 40 rows');
    expect(plain.stdout.split('\n')).toHaveLength(42);
    expect(european.stdout).toBe(plain.stdout);
  });

  it('reads a file without a header row, as the model was trained', () => {
    writeFileSync(join(dir, 'bare.tsv'), rows.map((r) => `${r.size}\t${r.flag}\t${label(r.size)}`).join('\n') + '\n');
    writeFileSync(
      join(dir, 'bare.experiment.json'),
      JSON.stringify({
        name: 'bare',
        dataset: { csv: 'bare.tsv', target: 'column 3', header: false, normalize: 'standardize' },
        model: { layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
        training: { optimizer: { name: 'adam', learningRate: 0.05 }, epochs: 60, batchSize: 8, seed: 3, validationSplit: 0 },
      }),
    );
    const weights = join(dir, 'bare.weights.json');
    expect(runCli(['train', join(dir, 'bare.experiment.json'), '--out', weights]).status).toBe(0);
    const run = runCli(['predict', weights, join(dir, 'bare.tsv')]);
    expect(run.stderr).toContain('bare.tsv: tab-separated, no header row, decimal point; 40 rows');
    expect(run.stderr).toContain('accuracy on bare.tsv: 100.00% (40/40)');
    expect(run.status).toBe(0);
  });

  it('refuses a reading option with a message and no predictions', () => {
    const run = runCli(['predict', join(dir, 'sizes.weights.json'), join(dir, 'sizes.csv'), '--delimiter', 'semicolon']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("predict: --delimiter takes one of , ; tab | whitespace, not 'semicolon'.");
    expect(run.stdout).toBe('');
  });
});

describe('export --verify reads its CSV the same way', () => {
  it('takes the reading options only with --verify', () => {
    const run = runCli(['export', join(dir, 'sizes.weights.json'), '--format', 'json', '--out', join(dir, 'x.json'), '--delimiter', ';']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('export: the reading options (--header-line, --delimiter, …) describe the --verify CSV; give --verify data.csv.');
  });

  it('verifies on the training file read as in training', () => {
    const run = runCli(['export', join(dir, 'sizes.weights.json'), '--format', 'npz', '--out', join(dir, 'sizes.npz'), '--verify', join(dir, 'sizes.csv')]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('sizes.csv: ";"-separated, header on line 2, decimal point, thousands ","; 40 rows');
    expect(run.stderr).toMatch(/workbench accuracy 100\.00%, export accuracy 100\.00%/);
  });
});
