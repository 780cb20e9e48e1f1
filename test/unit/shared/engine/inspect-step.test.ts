import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../../src/shared/data/dataset';
import { GRADCHECK_ENTRIES, MAX_INSPECTED_ROWS, StepInspector, type StepInspection, type Tensor } from '../../../../src/shared/engine/inspect-step';
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

/** Y as the output layer sees it, one column per inspected row: one-hot, 0/1 for one unit, or the values. */
function targetColumns({ case: c, target }: Fixture): Rows {
  const outputs = c.layers.at(-1)!.units;
  return Array.from({ length: outputs }, (_, unit) =>
    c.rows.map((row) => (target.values ? target.values[row][unit] : outputs === 1 ? target.labels![row] : Number(target.labels![row] === unit))),
  );
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
    expect(inspection.rows).toEqual(fixture.case.rows);
    expect(inspection).toMatchObject({ epoch: 0, stepsTaken: fixture.case.steps - 1, source: 'weights', dtype: 'float64', backend: 'ts' });
    expect(inspection.batch).toBeUndefined();
    expect(inspection.loss.name).toBe(fixture.case.loss);
    expect(inspection.loss.reduction).toBe('mean');
    expectClose(inspection.Y, targetColumns(fixture), 'Y');
    expect(Math.abs(inspection.loss.value - expected.loss)).toBeLessThan(1e-12);
    expect(Math.abs(inspection.loss.l2Penalty - expected.l2Penalty)).toBeLessThan(1e-12);
    inspection.forward.forEach((layer, l) => {
      const spec = fixture.case.layers[l];
      expect(layer.layer).toBe(l + 1);
      expect(layer.activation).toEqual({ name: spec.activation, ...(spec.slope !== undefined ? { slope: spec.slope } : {}) });
      expect(layer.bias).toBe(true);
      // The weights the step reads are the ones it updates.
      expectClose(layer.W, expected.update[2 * l].before, `W[${l + 1}]`);
      expectClose(layer.b, expected.update[2 * l + 1].before, `b[${l + 1}]`);
      expectClose(layer.A_prev, expected.forward[l].A_prev, `A[${l}]`);
      expectClose(layer.Z, expected.forward[l].Z, `Z[${l + 1}]`);
      expectClose(layer.A, expected.forward[l].A, `A[${l + 1}]`);
    });
    inspection.backward.forEach((layer, l) => {
      const e = expected.backward[l];
      expect(layer.layer).toBe(l + 1);
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
    const { optimizer } = fixture.case;
    expect(update).toMatchObject({ learningRate: optimizer.learningRate, l2: fixture.case.l2, optimizer: { name: optimizer.name } });
    expect(update.clipNorm).toBe(fixture.case.clipNorm);
    if (optimizer.name === 'adam') {
      const [beta1, beta2] = [optimizer.beta1 as number, optimizer.beta2 as number];
      expect(update.biasCorrection!.first).toBeCloseTo(1 - beta1 ** expected.step, 15);
      expect(update.biasCorrection!.second).toBeCloseTo(1 - beta2 ** expected.step, 15);
    } else {
      expect(update.biasCorrection).toBeUndefined();
    }
    update.layers.forEach((layer, l) => {
      expect(layer.layer).toBe(l + 1);
      (['W', 'b'] as const).forEach((kind, k) => {
        const e = expected.update[2 * l + k];
        const u = layer[kind];
        const where = `${kind}[${l + 1}]`;
        expectClose(u.used, e.used, `${where} used gradient`);
        expectClose(u.before, e.before, `${where} before`);
        expectClose(u.after, e.after, `${where} after`);
        expectClose(u.delta, e.after.map((row, r) => row.map((a, c) => a - e.before[r][c])), `Δ${where}`);
        // λ·W on the weights when L2 is on; biases are not decayed.
        if (kind === 'W' && fixture.case.l2 > 0) expectClose(u.l2Term!, e.before.map((row) => row.map((w) => fixture.case.l2 * w)), `${where} L2 term`);
        else expect(u.l2Term, `${where} L2 term`).toBeNull();
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

/** `rows` × `features` of deterministic values in [−1, 1], labelled round-robin with `classes` classes. */
function table(rows: number, features: number, classes = 2): Dataset {
  const x = Float64Array.from({ length: rows * features }, (_, i) => Math.sin(i * 12.9898) % 1);
  const names = Array.from({ length: classes }, (_, k) => `c${k}`);
  const labels = Int32Array.from({ length: rows }, (_, r) => r % classes);
  return { name: 'table', featureNames: Array.from({ length: features }, (_, j) => `x${j}`), rows, features, x, target: { kind: 'classes', classes: names, labels }, normalization: { kind: 'none' } };
}

function experimentOf(training: Record<string, unknown>, layers: Record<string, unknown>[] = [{ units: 3, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss = 'binaryCrossEntropy'): Experiment {
  return ExperimentSchema.parse({
    dataset: { csv: 'table.csv', target: 'y' },
    model: { layers, loss },
    training: { optimizer: { name: 'sgd', learningRate: 0.1 }, epochs: 5, seed: 2, backend: 'ts', ...training },
  });
}

describe('step inspector: what an inspection says about its numbers', () => {
  const data = table(300, 2);

  it('notes that weights carry no optimizer state, until a step has made one', async () => {
    const initial = await StepInspector.create(experimentOf({ optimizer: { name: 'adam', learningRate: 0.01 } }), data);
    const { weights, epoch } = { weights: weightsOf(initial.inspect({ rows: [0] })), epoch: 5 };
    const fromWeights = await StepInspector.create(experimentOf({ optimizer: { name: 'adam', learningRate: 0.01 } }), data, { weights, epoch });
    const inspection = fromWeights.inspect({ rows: [0] });
    expect(inspection).toMatchObject({ source: 'weights', epoch: 5 });
    expect(inspection.notes).toEqual([
      'The adam state (its running averages) is not stored with weights, so this update starts it from zero; replay the run to epoch 5 for the exact one.',
    ]);
    fromWeights.takeStep({ rows: [0] });
    expect(fromWeights.inspect({ rows: [0] }).notes).toEqual([]);
    // Starting from the seed, or with an optimizer that keeps no state, there is nothing to say.
    expect(initial.inspect({ rows: [0] }).notes).toEqual([]);
    const sgd = await StepInspector.create(experimentOf({}), data, { weights });
    expect(sgd.inspect({ rows: [0] }).notes).toEqual([]);
  });

  it('shows the step without dropout, the same numbers every time, and says so', async () => {
    const inspector = await StepInspector.create(experimentOf({}, [{ units: 6, activation: 'relu', dropout: 0.5 }, { units: 1, activation: 'sigmoid' }]), data);
    const [first, second] = [inspector.inspect({ rows: [0, 1, 2, 3] }), inspector.inspect({ rows: [0, 1, 2, 3] })];
    expect(first.notes).toEqual(['Dropout is off here: these are the numbers of the step without its random mask, so every run of the inspector shows the same ones.']);
    expect(Array.from(second.forward[0].A.values)).toEqual(Array.from(first.forward[0].A.values));
    // No unit dropped: A = relu(Z) everywhere.
    expect(Array.from(first.forward[0].A.values)).toEqual(Array.from(first.forward[0].Z.values, (z) => Math.max(z, 0)));
  });

  it('says whether the loss is a mean or a sum over the columns', async () => {
    const regression: Dataset = { ...data, target: { kind: 'values', names: ['y'], values: Float64Array.from({ length: data.rows }, (_, r) => r / 100) } };
    const experiment = experimentOf({ scaleTarget: 'none' }, [{ units: 1, activation: 'linear' }], 'sse');
    const inspection = (await StepInspector.create(experiment, regression)).inspect({ rows: [1, 2] });
    expect(inspection.loss).toMatchObject({ name: 'sse', reduction: 'sum', l2Penalty: 0 });
    expectCloseTo(inspection.loss.value, sumOf(inspection.forward[0].A.values, (a, j) => (a - inspection.Y.values[j]) ** 2));
  });

  it('clips only a gradient longer than clipNorm', async () => {
    const loose = (await StepInspector.create(experimentOf({ clipNorm: 1e6 }), data)).inspect({ rows: [0, 1, 2] });
    expect(loose.update.clipNorm).toBe(1e6);
    expect(loose.update.clipFactor).toBe(1);
    expect(Array.from(loose.update.layers[0].W.used.values)).toEqual(Array.from(loose.update.layers[0].W.gradient.values));
    const tight = (await StepInspector.create(experimentOf({ clipNorm: 1e-3 }), data)).inspect({ rows: [0, 1, 2] });
    expect(tight.update.clipFactor).toBeCloseTo(1e-3 / tight.update.gradientNorm, 15);
    const usedNorm = Math.sqrt(sumOf(tight.update.layers.flatMap((layer) => [...layer.W.used.values, ...layer.b.used.values]), (g) => g * g));
    expect(usedNorm).toBeCloseTo(1e-3, 15);
  });

  it('leaves an overflowing gradient unclipped without clipNorm: factor 1, not ∞/∞', async () => {
    // W = 1e200 makes each gradient entry finite (~1e200) and their sum of squares overflow.
    const regression: Dataset = { ...data, target: { kind: 'values', names: ['y'], values: new Float64Array(data.rows) } };
    const experiment = experimentOf({ scaleTarget: 'none', dtype: 'float64' }, [{ units: 1, activation: 'linear' }], 'mse');
    const weights: WeightsFile = {
      format: 'nn-workbench.weights',
      version: 1,
      layers: [{ W: [[1e200, 1e200]], b: [0], activation: { name: 'linear' } }],
      input: { features: data.featureNames, normalization: { kind: 'none' } },
      output: { task: 'regression', targets: ['y'] },
    };
    const { update } = (await StepInspector.create(experiment, regression, { weights })).inspect({ rows: [1, 2] });
    expect(update.layers[0].W.gradient.values.every((g) => Number.isFinite(g) && Math.abs(g) > 1e160)).toBe(true);
    expect(update.gradientNorm).toBe(Infinity);
    expect(update.clipFactor).toBe(1);
  });

  it('shows a layer without bias with b zero and untouched', async () => {
    const inspection = (await StepInspector.create(experimentOf({}, [{ units: 3, activation: 'tanh', bias: false }, { units: 1, activation: 'sigmoid' }]), data)).inspect({ rows: [0, 1] });
    expect(inspection.forward.map((layer) => layer.bias)).toEqual([false, true]);
    expect(Array.from(inspection.update.layers[0].b.after.values)).toEqual([0, 0, 0]);
  });
});

describe('step inspector: choosing the columns', () => {
  const data = table(300, 2);

  it('takes up to MAX_INSPECTED_ROWS rows and refuses more, or rows that are not the dataset\'s', async () => {
    const inspector = await StepInspector.create(experimentOf({}), data);
    expect(MAX_INSPECTED_ROWS).toBe(256);
    const all = Array.from({ length: 256 }, (_, i) => i + 44);
    expect(inspector.inspect({ rows: all }).m).toBe(256);
    expect(() => inspector.inspect({ rows: [...all, 0] })).toThrow('rows: the inspector shows at most 256 columns at a time; this selection has 257');
    expect(() => inspector.inspect({ rows: [299] })).not.toThrow();
    expect(() => inspector.inspect({ rows: [-1] })).toThrow('rows: -1 is not a row of the dataset (0 to 299)');
    expect(() => inspector.inspect({ rows: [1.5] })).toThrow('rows: 1.5 is not a row of the dataset (0 to 299)');
    expect(() => inspector.takeStep({ rows: [300] })).toThrow('rows: 300 is not a row of the dataset (0 to 299)');
  });

  it('splits the training rows into the run\'s batches, the last one shorter', async () => {
    const inspector = await StepInspector.create(experimentOf({ batchSize: 64, shuffle: false }), data);
    expect(inspector.batching).toEqual({ size: 64, count: 5 });
    const order = Array.from(inspector.trainRows);
    expect(inspector.inspect({ batch: 1 }).rows).toEqual(order.slice(0, 64));
    const last = inspector.inspect({ batch: 5 });
    expect(last.rows).toEqual(order.slice(256));
    expect(last).toMatchObject({ m: 44, batch: { index: 5, of: 5, epoch: 1 } });
    for (const batch of [0, 6, 1.5]) expect(() => inspector.inspect({ batch })).toThrow(`batch: expected a batch from 1 to 5 (300 training rows in batches of 64)`);
  });

  it('treats a batch size beyond the rows, or "full", as one batch of every training row', async () => {
    for (const batchSize of [1000, 'full']) {
      const inspector = await StepInspector.create(experimentOf({ batchSize, validationSplit: 0.2 }), data);
      expect(inspector.batching).toEqual({ size: 240, count: 1 });
    }
  });
});

describe('step inspector: one weight\'s gradient and the whole-network check', () => {
  it('checks a bias and a weight with L2, and names a parameter that does not exist', async () => {
    const inspector = await StepInspector.create(experimentOf({ l2: 0.1 }), table(20, 2));
    const inspection = inspector.inspect({ rows: [3, 4, 5] });
    const bias = inspector.checkWeight({ rows: [3, 4, 5] }, 2, 'b', 0);
    expect(bias.analytic).toBe(inspection.backward[1].db.values[0]);
    expect(bias.relativeError).toBeLessThan(1e-7);
    // A weight's gradient includes the decay λ·W.
    const weight = inspector.checkWeight({ rows: [3, 4, 5] }, 2, 'W', 0, 2);
    expect(weight.analytic).toBeCloseTo(inspection.backward[1].dW.values[2] + 0.1 * inspection.forward[1].W.values[2], 15);
    expect(weight.relativeError).toBeLessThan(1e-7);
    expect(() => inspector.checkWeight({ rows: [3] }, 3, 'W', 0, 0)).toThrow('layer 3: the network has 2 layers');
    expect(() => inspector.checkWeight({ rows: [3] }, 2, 'b', 1)).toThrow('b[2] has 1×1 entries; (1, 0) is outside');
    expect(() => inspector.checkWeight({ rows: [3] }, 2, 'W', -1, 0)).toThrow('W[2] has 1×3 entries; (-1, 0) is outside');
    expect(() => inspector.checkWeight({ rows: [3] }, 2, 'W', 0, 3)).toThrow('W[2] has 1×3 entries; (0, 3) is outside');
    expect(() => inspector.checkWeight({ rows: [3] }, 2, 'W', 0, -1)).toThrow('W[2] has 1×3 entries; (0, -1) is outside');
  });

  it(`checks at most GRADCHECK_ENTRIES entries of a tensor, and reports each layer's worst error`, async () => {
    const experiment = experimentOf({ l2: 0.01 }, [{ units: 20, activation: 'tanh' }, { units: 3, activation: 'softmax' }], 'categoricalCrossEntropy');
    const inspector = await StepInspector.create(experiment, table(40, 30, 3));
    const checks = inspector.inspect({ rows: [0, 1, 2, 3] }, { gradcheck: true }).gradcheck!;
    expect(GRADCHECK_ENTRIES).toBe(400);
    expect(checks.map(({ layer, W, b }) => [layer, W.checked, W.total, b.checked, b.total])).toEqual([
      [1, 400, 600, 20, 20],
      [2, 60, 60, 3, 3],
    ]);
    for (const check of checks) {
      expect(check.maxRelativeError).toBe(Math.max(check.W.relativeError, check.b.relativeError));
      expect(check.maxRelativeError).toBeLessThan(1e-6);
    }
    expect(inspector.inspect({ rows: [0] }).gradcheck).toBeUndefined();
  });
});

function weightsOf(inspection: StepInspection): WeightsFile {
  return {
    format: 'nn-workbench.weights',
    version: 1,
    layers: inspection.forward.map((layer) => ({ W: rowsOf(layer.W), b: Array.from(layer.b.values), activation: layer.activation as WeightsFile['layers'][number]['activation'] })),
    input: { features: ['x0', 'x1'], normalization: { kind: 'none' } },
    output: { task: 'classification', classes: ['c0', 'c1'] },
  };
}

const rowsOf = ({ rows, cols, values }: Tensor): Rows => Array.from({ length: rows }, (_, i) => Array.from(values.subarray(i * cols, (i + 1) * cols)));
const sumOf = <T>(values: Iterable<T>, f: (value: T, i: number) => number) => [...values].reduce((sum, value, i) => sum + f(value, i), 0);
const expectCloseTo = (actual: number, expected: number) => expect(Math.abs(actual - expected) / Math.max(1, Math.abs(expected))).toBeLessThan(1e-12);
