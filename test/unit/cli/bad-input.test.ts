import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from './run-cli';

// Every mistake a user can make ends with a non-zero exit and one readable paragraph on stderr:
// it names the file and the field or row, and never shows a stack trace.

const dir = mkdtempSync(join(tmpdir(), 'nn-cli-bad-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const iris = JSON.parse(readFileSync(join(FIXTURES, 'iris.experiment.json'), 'utf8'));
const experiment = (patch: (e: typeof iris) => void) => {
  const copy = structuredClone(iris);
  copy.dataset.csv = join(FIXTURES, 'iris.csv');
  patch(copy);
  return JSON.stringify(copy);
};

const cases: { name: string; args: () => string[]; status: number; message: string }[] = [
  { name: 'unknown command', args: () => ['fit', 'x.json'], status: 2, message: "nn-workbench: Unknown command 'fit'." },
  { name: 'missing argument', args: () => ['predict', 'w.json'], status: 2, message: 'predict expects <weights.json> <data.csv>, got 1 argument.' },
  { name: 'unknown option', args: () => ['train', 'x.json', '--epoch', '3'], status: 2, message: "train: Unknown option '--epoch'." },
  { name: 'missing experiment file', args: () => ['train', join(dir, 'nope.json')], status: 1, message: `Cannot read experiment file '${join(dir, 'nope.json')}': no such file.` },
  { name: 'experiment is a directory', args: () => ['train', dir], status: 1, message: 'it is a directory' },
  {
    name: 'bad JSON',
    args: () => ['train', write('bad.json', '{\n  "dataset": {},\n}')],
    status: 1,
    message: `${join(dir, 'bad.json')} is not valid JSON (line 3, column 1): Expected double-quoted property name.`,
  },
  {
    name: 'schema error naming the field',
    args: () => ['train', write('lr.json', experiment((e) => (e.training.optimizer.learningRate = -1)))],
    status: 1,
    message: 'lr.json: training.optimizer.learningRate: expected a number > 0.',
  },
  {
    name: 'misspelled field',
    args: () => ['train', write('typo.json', experiment((e) => (e.training.learningrate = 0.1)))],
    status: 1,
    message: "typo.json: training: unknown field 'learningrate'.",
  },
  {
    name: 'misspelled required field, named beside the one it was meant to be',
    args: () =>
      ['train', write('lr-typo.json', experiment((e) => {
        e.training.optimizer.learnignRate = e.training.optimizer.learningRate;
        delete e.training.optimizer.learningRate;
      }))],
    status: 1,
    message: "lr-typo.json: training.optimizer: unknown field 'learnignRate' (did you mean 'learningRate'?).",
  },
  {
    name: 'misspelled required field inside a union branch',
    args: () => ['train', write('target-typo.json', experiment((e) => (e.dataset = { csv: 'iris.csv', traget: 'species' })))],
    status: 1,
    message: "target-typo.json: dataset: unknown field 'traget' (did you mean 'target'?).",
  },
  {
    name: 'unknown activation inside a union',
    args: () => ['train', write('act.json', experiment((e) => (e.model.layers[0].activation = 'relux')))],
    status: 1,
    message: 'act.json: model.layers[0].activation: Invalid option: expected one of',
  },
  {
    name: 'CSV with a bad value',
    args: () => {
      write('flowers.csv', 'a,b,species\n1,2,x\n3,abc,y\n');
      return ['train', write('flowers.json', experiment((e) => (e.dataset = { csv: 'flowers.csv', target: 'species' })))];
    },
    status: 1,
    message: "flowers.csv row 3, column 'b': expected a number, found 'abc'",
  },
  {
    name: 'missing CSV file',
    args: () => ['train', write('nocsv.json', experiment((e) => (e.dataset = { csv: 'missing.csv', target: 'y' })))],
    status: 1,
    message: `Cannot read CSV file '${join(dir, 'missing.csv')}': no such file.`,
  },
  {
    name: 'model that does not fit the data',
    args: () => ['train', write('units.json', experiment((e) => (e.model.layers[1].units = 2)))],
    status: 1,
    message: 'model.layers[1].units: the output layer has 2 units but iris has 3 classes',
  },
  {
    name: 'weights file with a bad field',
    args: () => ['predict', write('w.json', '{"format":"nn-workbench.weights","version":2}'), join(FIXTURES, 'iris.csv')],
    status: 1,
    message: 'w.json: version: this file is version 2; only version 1 can be read.',
  },
  {
    name: 'weights file refused by its size, before reading it (a sparse 10 GB file)',
    args: () => {
      const path = write('huge.weights.json', '');
      truncateSync(path, 10 * 2 ** 30);
      return ['predict', path, join(FIXTURES, 'iris.csv')];
    },
    status: 1,
    message: 'huge.weights.json: 10240.0 MB is larger than the 64 MB limit for weights files.',
  },
  {
    name: 'model too big for the machine, refused before training',
    args: () => ['train', write('wide.json', experiment((e) => (e.model.layers = [{ units: 12000, activation: 'tanh' }, { units: 12000, activation: 'tanh' }, e.model.layers.at(-1)])))],
    status: 1,
    message: "wide.json: model.layers[1].units: 1.4 × 10⁸ parameters ≈ 1.2 GB in float64; training them with Adam needs ≈ ",
  },
  {
    name: 'hostile weights file',
    args: () => ['predict', write('deep.json', '['.repeat(10_000)), join(FIXTURES, 'iris.csv')],
    status: 1,
    message: 'nested 10000 levels deep',
  },
];

describe('CLI bad input', () => {
  it.each(cases)('$name ⇒ exit $status and a message without a stack trace', ({ args, status, message }) => {
    const run = runCli(args());
    expect(run.status).toBe(status);
    expect(run.stderr).toContain(message);
    expect(run.stderr.startsWith('nn-workbench: ')).toBe(true);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr.trim().split('\n\n')[0].split('\n')).toHaveLength(1);
  });
});
