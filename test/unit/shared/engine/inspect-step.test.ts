import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../../src/shared/data/dataset';
import { StepInspector, type Tensor } from '../../../../src/shared/engine/inspect-step';
import { ExperimentSchema, type Experiment } from '../../../../src/shared/schema/experiment';
import type { WeightsFile } from '../../../../src/shared/schema/weights';

// The step inspector against an independent numpy computation (test/reference/inspect_numpy.py):
// every forward, backward and update number of a step, for each activation, each loss fused and
// unfused, SGD, momentum (plain and Nesterov) and Adam with state from earlier steps, L2 and
// clipping — within 1e-12 in float64.

const DIR = join(__dirname, '../../../fixtures/inspect');
type Rows = number[][];
interface Fixture {
  case: {
    name: string;
    inputs: number;
    task: 'classification' | 'regression';
    layers: { units: number; activation: string; slope?: number }[];
    loss: string;
    optimizer: Record<string, unknown>;
    l2: number;
    clipNorm?: number;
    steps: number;
    first_rows: number[];
    rows: number[];
  };
  x: Rows;
  target: { labels?: number[]; classes?: string[]; values?: Rows };
  initial: { W: Rows; b: number[] }[];
  expected: {
    loss: number;
    l2Penalty: number;
    gradientNorm: number;
    clipFactor: number;
    step: number;
    forward: { A_prev: Rows; Z: Rows; A: Rows }[];
    backward: { dA: Rows; gPrime: Rows | null; dZ: Rows; dW: Rows; db: Rows; dA_prev: Rows; fused: boolean }[];
    update: { gradient: Rows; used: Rows; before: Rows; after: Rows; state: Record<string, Rows> }[];
  };
}

const FIXTURES: Fixture[] = readdirSync(DIR)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => JSON.parse(readFileSync(join(DIR, name), 'utf8')));

function setup(fixture: Fixture): { experiment: Experiment; dataset: Dataset; weights: WeightsFile } {
  const { case: c } = fixture;
  const activation = (layer: Fixture['case']['layers'][number]) => (layer.slope !== undefined ? { name: layer.activation, slope: layer.slope } : layer.activation);
  const experiment = ExperimentSchema.parse({
    dataset: { csv: 'reference.csv', target: 'y' },
    model: { layers: c.layers.map((layer) => ({ units: layer.units, activation: activation(layer) })), loss: c.loss },
    training: { optimizer: c.optimizer, epochs: 1, l2: c.l2, ...(c.clipNorm !== undefined ? { clipNorm: c.clipNorm } : {}), dtype: 'float64', backend: 'ts', scaleTarget: 'none' },
  });
  const rows = fixture.x.length;
  const featureNames = Array.from({ length: c.inputs }, (_, i) => `x${i}`);
  const target: Dataset['target'] =
    c.task === 'classification'
      ? { kind: 'classes', classes: fixture.target.classes!, labels: Int32Array.from(fixture.target.labels!) }
      : { kind: 'values', names: fixture.target.values![0].map((_, i) => `y${i}`), values: Float64Array.from(fixture.target.values!.flat()) };
  const dataset: Dataset = { name: c.name, featureNames, rows, features: c.inputs, x: Float64Array.from(fixture.x.flat()), target, normalization: { kind: 'none' } };
  const weights: WeightsFile = {
    format: 'nn-workbench.weights',
    version: 1,
    layers: fixture.initial.map((layer, l) => ({ W: layer.W, b: layer.b, activation: { name: c.layers[l].activation as never, ...(c.layers[l].slope !== undefined ? { slope: c.layers[l].slope } : {}) } })),
    input: { features: featureNames, normalization: { kind: 'none' } },
    output: c.task === 'classification' ? { task: 'classification', classes: fixture.target.classes! } : { task: 'regression', targets: (target as { names: string[] }).names },
  };
  return { experiment, dataset, weights };
}

function expectClose(actual: Tensor, expected: Rows, what: string): void {
  expect([actual.rows, actual.cols], `${what} shape`).toEqual([expected.length, expected[0].length]);
  const flat = expected.flat();
  let worst = 0;
  flat.forEach((e, i) => {
    worst = Math.max(worst, Math.abs(actual.values[i] - e) / Math.max(1, Math.abs(e)));
  });
  expect(worst, what).toBeLessThan(1e-12);
}

describe('step inspector against numpy', () => {
  it('covers every activation, fused and unfused losses, and sgd, momentum, nesterov and adam', () => {
    const cases = FIXTURES.map((f) => f.case);
    expect(new Set(cases.flatMap((c) => c.layers.map((layer) => layer.activation)))).toEqual(new Set(['tanh', 'relu', 'softmax', 'sigmoid', 'leakyRelu', 'linear']));
    expect(new Set(FIXTURES.flatMap((f) => f.expected.backward.filter((b) => b.dA.length).map((b) => b.fused)))).toEqual(new Set([true, false]));
    expect(new Set(cases.map((c) => `${c.optimizer.name}${c.optimizer.nesterov ? '-nesterov' : ''}`))).toEqual(new Set(['sgd', 'momentum', 'momentum-nesterov', 'adam']));
  });

  it.each(FIXTURES.map((f) => [f.case.name, f] as const))('%s: every number within 1e-12', async (_name, fixture) => {
    const { experiment, dataset, weights } = setup(fixture);
    const inspector = await StepInspector.create(experiment, dataset, { weights });
    for (let s = 1; s < fixture.case.steps; s++) inspector.takeStep({ rows: fixture.case.first_rows });
    const inspection = inspector.inspect({ rows: fixture.case.rows });
    const { expected } = fixture;

    expect(inspection.m).toBe(fixture.case.rows.length);
    expect(Math.abs(inspection.loss.value - expected.loss)).toBeLessThan(1e-12);
    expect(Math.abs(inspection.loss.l2Penalty - expected.l2Penalty)).toBeLessThan(1e-12);
    inspection.forward.forEach((layer, l) => {
      expectClose(layer.A_prev, expected.forward[l].A_prev, `A[${l}]`);
      expectClose(layer.Z, expected.forward[l].Z, `Z[${l + 1}]`);
      expectClose(layer.A, expected.forward[l].A, `A[${l + 1}]`);
    });
    inspection.backward.forEach((layer, l) => {
      const e = expected.backward[l];
      expect(layer.fused, `layer ${l + 1} fused`).toBe(e.fused);
      expectClose(layer.dA, e.dA, `dA[${l + 1}]`);
      if (e.gPrime) expectClose(layer.gPrime!, e.gPrime, `g'(Z[${l + 1}])`);
      else expect(layer.gPrime).toBeNull();
      expectClose(layer.dZ, e.dZ, `dZ[${l + 1}]`);
      expectClose(layer.dW, e.dW, `dW[${l + 1}]`);
      expectClose(layer.db, e.db, `db[${l + 1}]`);
      expectClose(layer.dA_prev, e.dA_prev, `dA[${l}]`);
    });
    const { update } = inspection;
    expect(update.step).toBe(expected.step);
    expect(Math.abs(update.gradientNorm - expected.gradientNorm) / expected.gradientNorm).toBeLessThan(1e-12);
    expect(update.clipFactor).toBeCloseTo(expected.clipFactor, 12);
    update.layers.forEach((layer, l) => {
      (['W', 'b'] as const).forEach((kind, k) => {
        const e = expected.update[2 * l + k];
        const u = layer[kind];
        const where = `${kind}[${l + 1}]`;
        expectClose(u.used, e.used, `${where} used gradient`);
        expectClose(u.before, e.before, `${where} before`);
        expectClose(u.after, e.after, `${where} after`);
        expect(Object.keys(u.state).sort(), `${where} state`).toEqual(Object.keys(e.state).sort());
        for (const [name, rows] of Object.entries(e.state)) expectClose(u.state[name], rows, `${where} ${name}`);
        // The inspector's gradient is backprop's alone; numpy's includes λ·W.
        const l2 = kind === 'W' ? fixture.case.l2 : 0;
        const withL2 = { ...u.gradient, values: u.gradient.values.map((g, i) => g + l2 * u.before.values[i]) };
        expectClose(withL2, e.gradient, `${where} gradient + L2`);
      });
    });
  });

  it('leaves its state unchanged: inspecting twice gives the same numbers, a step changes them', async () => {
    const fixture = FIXTURES.find((f) => f.case.optimizer.name === 'adam')!;
    const { experiment, dataset, weights } = setup(fixture);
    const inspector = await StepInspector.create(experiment, dataset, { weights });
    const first = inspector.inspect({ rows: [0, 1] });
    const again = inspector.inspect({ rows: [0, 1] });
    expect(Array.from(again.update.layers[0].W.after.values)).toEqual(Array.from(first.update.layers[0].W.after.values));
    expect(again.update.step).toBe(1);
    inspector.takeStep({ rows: [0, 1] });
    const next = inspector.inspect({ rows: [0, 1] });
    expect(next.update.step).toBe(2);
    expect(Array.from(next.forward[0].W.values)).toEqual(Array.from(first.update.layers[0].W.after.values));
  });
});
