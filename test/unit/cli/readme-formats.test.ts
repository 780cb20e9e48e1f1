import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { planSweep } from '../../../src/shared/engine/sweep-plan';
import { ExperimentSchema } from '../../../src/shared/schema/experiment';
import { SweepSchema } from '../../../src/shared/schema/sweep';
import { FIXTURES, ROOT, runCli } from './run-cli';

// The README's JSON examples and the file layouts it spells out, against what the CLI reads and
// writes: the experiment and sweep examples are valid and mean what the text says, and the keys it
// lists for weights, checkpoints, `inspect`, metrics lines and sweep result lines are the keys of
// real files (exactly, where the README lists an object without "…").

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const jsonBlocks = [...README.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1]);
const jsonBlock = (start: string) => jsonBlocks.find((code) => code.startsWith(start))!;
/** The README's text from `start` up to the next `end` (both excluded). */
function between(start: string, end: string): string {
  const from = README.indexOf(start);
  expect(from, `README no longer says ${start}`).toBeGreaterThanOrEqual(0);
  return README.slice(from + start.length, README.indexOf(end, from + start.length));
}
const backticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1].replace(/^"|"$/g, ''));

/** A key outline such as `{"a", "b": {"c"}, "d": [{…}], …}`: an object's keys, each with the outline of its value. */
type Outline = { keys: Map<string, Outline | null>; open: boolean } | { element: Outline | null } | null;

/** Reads the README's JSON-like outlines: values may be left out, and "…" stands for more keys or any value. */
function parseOutline(text: string): Outline {
  const tokens = [...text.matchAll(/\s*(\{|\}|\[|\]|,|:|"(?:[^"\\]|\\.)*"|-?\d[\d.e+-]*|true|false|…[^,\]}]*)/gy)].map((match) => match[1]);
  let at = 0;
  const next = () => tokens[at++];
  const peek = () => tokens[at];
  function value(): Outline {
    const token = next();
    if (token === '{') {
      const keys = new Map<string, Outline | null>();
      let open = false;
      while (peek() !== '}') {
        const key = next();
        if (key.startsWith('…')) open = true;
        else keys.set(JSON.parse(key), peek() === ':' ? (next(), value()) : null);
        if (peek() === ',') next();
      }
      next();
      return { keys, open };
    }
    if (token === '[') {
      let element: Outline = null;
      while (peek() !== ']') {
        const item = value();
        element ??= item;
        if (peek() === ',') next();
      }
      next();
      return { element };
    }
    return null;
  }
  const outline = value();
  expect(at, `the outline was read to its end: ${text}`).toBe(tokens.length);
  return outline;
}

/** Fails when `actual` lacks a key the outline names, or has one a closed outline does not. */
function expectOutline(outline: Outline, actual: unknown, path = '$') {
  if (outline === null) return;
  if ('element' in outline) {
    expect(Array.isArray(actual) && actual.length > 0, `${path} is a non-empty array`).toBe(true);
    expectOutline(outline.element, (actual as unknown[])[0], `${path}[0]`);
    return;
  }
  expect(typeof actual === 'object' && actual !== null && !Array.isArray(actual), `${path} is an object`).toBe(true);
  const record = actual as Record<string, unknown>;
  for (const [key, inner] of outline.keys) {
    expect(Object.keys(record), `${path} has "${key}"`).toContain(key);
    expectOutline(inner, record[key], `${path}.${key}`);
  }
  if (!outline.open) expect(Object.keys(record).sort(), `${path} has only the keys the README lists`).toEqual([...outline.keys.keys()].sort());
}

const dir = mkdtempSync(join(tmpdir(), 'nn-readme-formats-'));
const file = (name: string) => join(dir, name);
const readJson = (name: string) => JSON.parse(readFileSync(file(name), 'utf8'));

describe('parseOutline', () => {
  it('reads keys with and without values, nested objects and arrays, and "…" as more keys', () => {
    const outline = parseOutline('{"a", "b": {"c": 1, …}, "d": [{"e"}, …], "f": […n numbers…]}');
    expect(() => expectOutline(outline, { a: 0, b: { c: 1, z: 2 }, d: [{ e: 3 }], f: [1] })).not.toThrow();
    expect(() => expectOutline(outline, { a: 0, b: { c: 1 }, d: [{ e: 3, extra: 4 }], f: [1] })).toThrow('$.d[0] has only the keys the README lists');
    expect(() => expectOutline(outline, { b: { c: 1 }, d: [{ e: 3 }], f: [1] })).toThrow('$ has "a"');
  });
});

describe("the README's JSON examples", () => {
  it('the experiment example is a valid experiment: spirals, 16-16-1 tanh/sigmoid, SGD at 0.05', () => {
    const experiment = ExperimentSchema.parse(JSON.parse(jsonBlock('{ "dataset": { "synthetic": "spirals"')));
    expect(experiment.dataset).toMatchObject({ synthetic: 'spirals', samples: 1000 });
    expect(experiment.model.layers.map((layer) => layer.units)).toEqual([16, 16, 1]);
    expect(experiment.training).toMatchObject({ optimizer: { name: 'sgd', learningRate: 0.05 }, batchSize: 16, epochs: 200, validationSplit: 0.2 });
  });

  it('the sweep example, with the breast-cancer experiment, plans 4 rates × 2 widths × 2 activations × 2 seeds, halved at 10 and 20', () => {
    const text = jsonBlock('{ "name": "Breast cancer: learning rate × width"');
    const fixture = JSON.parse(readFileSync(join(FIXTURES, 'breast-cancer.sweep.json'), 'utf8'));
    const sweep = SweepSchema.parse(JSON.parse(text.replace('{ "dataset": …, "model": …, "training": … }', JSON.stringify(fixture.experiment))));
    const plan = planSweep(sweep);
    expect(plan.combinations).toBe(16);
    expect(plan.runs).toHaveLength(32);
    expect([...new Set(plan.runs.map((run) => run.experiment.training.optimizer.learningRate))]).toEqual([0.0001, 0.001, 0.01, 0.1]);
    expect([...new Set(plan.runs.map((run) => run.experiment.model.layers[0].activation))]).toEqual(['relu', 'tanh']);
    expect([...new Set(plan.runs.map((run) => run.experiment.training.seed))]).toEqual([1, 2]);
    expect(sweep.halving).toEqual({ at: [10, 20], metric: 'validationLoss' });
  });
});

describe('the formats the README spells out, against the files the CLI writes', () => {
  beforeAll(() => {
    const experiment = JSON.parse(readFileSync(join(FIXTURES, 'iris.experiment.json'), 'utf8'));
    experiment.dataset.csv = join(FIXTURES, 'iris.csv');
    experiment.training = { ...experiment.training, epochs: 4, l2: 0.001 };
    writeFileSync(file('iris.experiment.json'), JSON.stringify(experiment));
    const train = runCli(['train', file('iris.experiment.json'), '--out', file('iris.weights.json'), '--metrics', file('iris.jsonl'), '--checkpoint', file('iris.ckpt.json')]);
    expect(train.status, train.stderr).toBe(0);
    const inspect = runCli(['inspect', file('iris.experiment.json'), '--rows', '0,60']);
    expect(inspect.status, inspect.stderr).toBe(0);
    writeFileSync(file('inspect.json'), inspect.stdout);
    writeFileSync(
      file('xor.sweep.json'),
      JSON.stringify({
        experiment: { dataset: { synthetic: 'xor' }, model: { layers: [{ units: 3, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' }, training: { optimizer: { name: 'adam', learningRate: 0.05 }, epochs: 2 } },
        parameters: { learningRate: [0.1, 0.01] },
      }),
    );
    // No --out: the README's default, the sweep file's name in the current directory.
    const sweep = runCli(['sweep', file('xor.sweep.json'), '--parallel', '1', '--weights-dir', 'weights'], dir);
    expect(sweep.status, sweep.stderr).toBe(0);
  });

  it('weights JSON (v1)', () => {
    expectOutline(parseOutline(jsonBlock('{ "format": "nn-workbench.weights"')), readJson('iris.weights.json'));
  });

  it('checkpoint JSON (v1)', () => {
    const outline = between('Checkpoint JSON (v1) is `', '`.');
    expectOutline(parseOutline(outline), readJson('iris.ckpt.json'));
  });

  it("inspect's JSON", () => {
    const outline = between('`inspect` prints, as JSON, every number of one training step, as the app\'s step inspector shows\nit: `', '` (`l2Term`');
    expectOutline(parseOutline(outline), readJson('inspect.json'));
  });

  it('a metrics line (train --metrics): the names the README lists, no others', () => {
    const described = backticked(between('one JSON line per epoch\n(`--metrics`: ', 'since the run started'));
    const line = readFileSync(file('iris.jsonl'), 'utf8').trim().split('\n').map((text) => JSON.parse(text))[0];
    expect(described.filter((name) => /^[a-zA-Z]+$/.test(name) && name !== 'running' && name !== 'full' && !['r2', 'rmse', 'mae'].includes(name)).sort()).toEqual(Object.keys(line).sort());
    expect(line.trainMetrics).toBe('running');
  });

  it('a sweep result line: the names the README lists, no others (message and prunedAt only when they apply)', () => {
    const described = backticked(between('as the run ends: ', 'Started again with')).filter((name) => /^[a-zA-Z]+$/.test(name));
    const line = JSON.parse(readFileSync(file('xor.results.jsonl'), 'utf8').trim().split('\n')[0]);
    const metrics = ['trainLoss', 'trainAccuracy', 'validationLoss', 'validationAccuracy'];
    expect(described.filter((name) => !metrics.includes(name) && name !== 'message').sort()).toEqual(Object.keys(line).sort());
    expect(Object.keys(line.final)).toEqual(expect.arrayContaining(['trainLoss', 'trainAccuracy']));
    expect(line.weights).toMatch(/^weights\/00000-[0-9a-f]+\.weights\.json$/);
    expect(line.history).toBe(line.weights.replace('.weights.json', '.history.jsonl'));
  });
});
