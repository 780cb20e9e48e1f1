import { describe, expect, it } from 'vitest';
import { MAX_PLANNED_RUNS, planSweep } from '../../../../src/shared/engine/sweep-plan';
import { ExperimentSchema, type ExperimentInput } from '../../../../src/shared/schema/experiment';
import { EpochEventSchema } from '../../../../src/shared/schema/progress';
import { describeIssue, TrainerRequestSchema } from '../../../../src/shared/schema/protocol';
import { describeSchemaError } from '../../../../src/shared/schema/schema-error';
import { SweepSchema, type SweepInput } from '../../../../src/shared/schema/sweep';
import { SweepResultLineSchema } from '../../../../src/shared/schema/sweep-result';
import { startRequest } from '../../main/fixtures';

// Every size limit the schemas and the protocol declare, just inside (accepted) and just outside
// (refused with a message naming the field and the limit): a limit nobody tests is one a
// refactoring can drop or move by one unnoticed.

const BASE: ExperimentInput = {
  dataset: { synthetic: 'xor' },
  model: { layers: [{ units: 2, activation: 'softmax' }], loss: 'categoricalCrossEntropy' },
  training: { optimizer: { name: 'sgd', learningRate: 0.1 }, epochs: 1 },
};

/** The message of the first problem, or 'ok'. */
function experimentProblem(input: unknown): string {
  const parsed = ExperimentSchema.safeParse(input);
  return parsed.success ? 'ok' : describeSchemaError(parsed.error);
}

function sweepProblem(fields: Omit<SweepInput, 'experiment'>): string {
  const parsed = SweepSchema.safeParse({ experiment: BASE, ...fields });
  return parsed.success ? 'ok' : describeSchemaError(parsed.error);
}

const hidden = (units: number) => ({ units, activation: 'relu' as const });
const layers = (count: number) => [...Array.from({ length: count - 1 }, () => hidden(2)), { units: 2, activation: 'softmax' as const }];

describe('experiment limits', () => {
  const cases: [string, (n: number) => unknown, number, string][] = [
    ['units', (n) => ({ ...BASE, model: { ...BASE.model, layers: [hidden(n), ...BASE.model.layers] } }), 100_000, 'model.layers[0].units: expected at most 100000 units'],
    ['layers', (n) => ({ ...BASE, model: { ...BASE.model, layers: layers(n) } }), 64, 'model.layers: Too big: expected array to have <=64 items'],
    ['epochs', (n) => ({ ...BASE, training: { ...BASE.training, epochs: n } }), 1_000_000, 'training.epochs: Too big: expected number to be <=1000000'],
    ['name length', (n) => ({ ...BASE, name: 'x'.repeat(n) }), 200, 'name: Too big: expected string to have <=200 characters'],
    ['synthetic classes', (n) => ({ ...BASE, dataset: { synthetic: 'blobs', classes: n } }), 100, 'dataset.classes: Too big: expected number to be <=100'],
    ['synthetic samples', (n) => ({ ...BASE, dataset: { synthetic: 'blobs', samples: n } }), 1_000_000, 'dataset.samples: Too big: expected number to be <=1000000'],
  ];
  for (const [what, input, limit, message] of cases) {
    it(`${what}: ${limit} accepted, ${limit + 1} refused with the field and the limit`, () => {
      expect(experimentProblem(input(limit))).toBe('ok');
      expect(experimentProblem(input(limit + 1))).toBe(message);
    });
  }
});

describe('sweep limits', () => {
  const cases: [string, (n: number) => Omit<SweepInput, 'experiment'>, number, string][] = [
    ['repeats', (n) => ({ repeats: n }), 1000, 'repeats: expected at most 1000'],
    ['values of a parameter', (n) => ({ parameters: { width: Array.from({ length: n }, (_, i) => i + 1) } }), 10_000, 'parameters.width: Too big: expected array to have <=10000 items'],
    ['steps of a range', (n) => ({ parameters: { learningRate: { min: 0.001, max: 1, steps: n } } }), 10_000, 'parameters.learningRate.steps: Too big: expected number to be <=10000'],
    ['random samples', (n) => ({ method: { name: 'random', samples: n } }), 100_000, 'method.samples: expected at most 100000'],
    ['name length', (n) => ({ name: 'x'.repeat(n) }), 200, 'name: Too big: expected string to have <=200 characters'],
  ];
  for (const [what, fields, limit, message] of cases) {
    it(`${what}: ${limit} accepted, ${limit + 1} refused with the field and the limit`, () => {
      expect(sweepProblem(fields(limit))).toBe('ok');
      expect(sweepProblem(fields(limit + 1))).toBe(message);
    });
  }

  // 100,000 = 1000 × 100 and 100,001 = 9091 × 11. Planning 100,000 runs takes long, so the plans
  // just inside stop at the next check instead: the base experiment has no hidden layer for
  // "width" to change, which only the first run's experiment finds, after the limit passed.
  const planProblem = (fields: Omit<SweepInput, 'experiment'>) => {
    try {
      return `${planSweep(SweepSchema.parse({ experiment: BASE, ...fields })).runs.length} runs`;
    } catch (error) {
      return (error as Error).message;
    }
  };
  const widths = (count: number) => Array.from({ length: count }, (_, i) => i + 1);
  const noHiddenLayer = 'parameters.width: the base experiment has no hidden layer to change';

  it(`plans a grid of ${MAX_PLANNED_RUNS} runs (values × repeats) and refuses one more`, () => {
    expect(MAX_PLANNED_RUNS).toBe(100_000);
    expect(planProblem({ parameters: { width: widths(1000) }, repeats: 100 })).toBe(noHiddenLayer);
    expect(planProblem({ parameters: { width: widths(9091) }, repeats: 11 })).toBe('parameters: the grid has more than 100000 runs; use fewer values or method "random"');
  });

  it(`plans ${MAX_PLANNED_RUNS} random runs (samples × repeats) and refuses one more`, () => {
    const random = (samples: number, repeats: number) => planProblem({ parameters: { width: { min: 1, max: 1_000_000, scale: 'log' } }, method: { name: 'random', samples }, repeats });
    expect(random(10_000, 10)).toBe(noHiddenLayer);
    expect(random(9091, 11)).toBe('method.samples: more than 100000 runs; use fewer samples or repeats');
  });
});

describe('protocol limits', () => {
  const problem = (message: unknown) => {
    const parsed = TrainerRequestSchema.safeParse(message);
    return parsed.success ? 'ok' : describeIssue(parsed.error);
  };

  it('runId: 1 to 100 characters', () => {
    expect(problem({ type: 'cancel', runId: 'x'.repeat(100) })).toBe('ok');
    expect(problem({ type: 'cancel', runId: 'x'.repeat(101) })).toBe('runId: Too big: expected string to have <=100 characters');
    expect(problem({ type: 'cancel', runId: 'x' })).toBe('ok');
    expect(problem({ type: 'cancel', runId: '' })).toBe('runId: Too small: expected string to have >=1 characters');
  });

  it('kernelHelpers: 0 to 15 helper threads', () => {
    expect(problem({ ...startRequest('r'), kernelHelpers: 15 })).toBe('ok');
    expect(problem({ ...startRequest('r'), kernelHelpers: 16 })).toBe('kernelHelpers: Too big: expected number to be <=15');
    expect(problem({ ...startRequest('r'), kernelHelpers: -1 })).toBe('kernelHelpers: Too small: expected number to be >=0');
  });
});

describe('progress limits', () => {
  const layer = { weightNorm: 1, gradientNorm: 1, updateRatio: 1e-3, activationMean: 0, activationStd: 1, deadFraction: 0, saturatedFraction: 0 };
  const histogram = { min: 0, max: 1, counts: [1, 2] };
  const view = {
    layers: [{ weights: histogram, activations: histogram }],
    boundary: { size: 2, xRange: [0, 1], yRange: [0, 1], classes: [0, 1, 1, 0], confidence: [50, 100, 0, 75] },
    evaluated: { split: 'validation', rows: 0, of: 0 },
    confusion: [[0, 1], [2, 0]],
    predictions: { actual: [1], predicted: [1], targets: 1 },
  };
  const event = { epoch: 0, epochs: 1, train: { loss: 1 }, learningRate: 0.1, seconds: 0, layers: [{ ...layer, distinctUnits: 0 }], view };
  const problem = (edit: (e: typeof event) => unknown) => {
    const parsed = EpochEventSchema.safeParse(edit(structuredClone(event)));
    return parsed.success ? 'ok' : describeSchemaError(parsed.error);
  };

  it('an event at each lower limit is accepted: epoch 0 of 1, empty splits, no distinct units', () => {
    expect(problem((e) => e)).toBe('ok');
  });

  it.each([
    ['epoch', (e: typeof event) => ({ ...e, epoch: -1 }), 'epoch: Too small: expected number to be >=0'],
    ['epochs', (e: typeof event) => ({ ...e, epochs: 0 }), 'epochs: Too small: expected number to be >=1'],
    ['distinct units', (e: typeof event) => ({ ...e, layers: [{ ...layer, distinctUnits: -1 }] }), 'layers[0].distinctUnits: Too small: expected number to be >=0'],
    ['evaluated rows', (e: typeof event) => ({ ...e, view: { ...view, evaluated: { split: 'train', rows: -1 } } }), 'view.evaluated.rows: Too small: expected number to be >=0'],
    ['evaluated of', (e: typeof event) => ({ ...e, view: { ...view, evaluated: { split: 'train', rows: 1, of: -1 } } }), 'view.evaluated.of: Too small: expected number to be >=0'],
    ['evaluated split', (e: typeof event) => ({ ...e, view: { ...view, evaluated: { split: 'test', rows: 1 } } }), 'view.evaluated.split: Invalid option: expected one of "train"|"validation"'],
    ['boundary size', (e: typeof event) => ({ ...e, view: { ...view, boundary: { ...view.boundary, size: 1 } } }), 'view.boundary.size: Too small: expected number to be >=2'],
    ['boundary class', (e: typeof event) => ({ ...e, view: { ...view, boundary: { ...view.boundary, classes: [-1] } } }), 'view.boundary.classes[0]: Too small: expected number to be >=0'],
    ['confidence below', (e: typeof event) => ({ ...e, view: { ...view, boundary: { ...view.boundary, confidence: [-1] } } }), 'view.boundary.confidence[0]: Too small: expected number to be >=0'],
    ['confusion count', (e: typeof event) => ({ ...e, view: { ...view, confusion: [[0, -1]] } }), 'view.confusion[0][1]: Too small: expected number to be >=0'],
    ['histogram count', (e: typeof event) => ({ ...e, view: { ...view, layers: [{ weights: { ...histogram, counts: [-1] }, activations: histogram }] } }), 'view.layers[0].weights.counts[0]: Too small: expected number to be >=0'],
    ['prediction targets', (e: typeof event) => ({ ...e, view: { ...view, predictions: { ...view.predictions, targets: 0 } } }), 'view.predictions.targets: Too small: expected number to be >=1'],
    ['prediction fields', (e: typeof event) => ({ ...e, view: { ...view, predictions: { ...view.predictions, extra: 1 } } }), "view.predictions: unknown field 'extra'"],
  ])('%s: just below the limit is refused with the field', (_, edit, message) => {
    expect(problem(edit)).toBe(message);
  });

  it.each([
    ['boundary size', 200, (n: number) => ({ ...event, view: { ...view, boundary: { ...view.boundary, size: n } } }), 'view.boundary.size: Too big: expected number to be <=200'],
    ['confidence', 100, (n: number) => ({ ...event, view: { ...view, boundary: { ...view.boundary, confidence: [n] } } }), 'view.boundary.confidence[0]: Too big: expected number to be <=100'],
    ['histogram bins', 1000, (n: number) => ({ ...event, view: { ...view, layers: [{ weights: { ...histogram, counts: new Array(n).fill(0) }, activations: histogram }] } }), 'view.layers[0].weights.counts: Too big: expected array to have <=1000 items'],
  ] as const)('%s: %i accepted, one more refused with the field and the limit', (_, limit, input, message) => {
    expect(problem(() => input(limit))).toBe('ok');
    expect(problem(() => input(limit + 1))).toBe(message);
  });
});

describe('sweep result line limits', () => {
  const line = {
    format: 'nn-workbench.sweep-result',
    version: 1,
    sweep: 's',
    runs: 1,
    index: 0,
    key: 'k',
    configKey: 'c',
    config: {},
    repeat: 0,
    experiment: BASE,
    status: 'done',
    prunedAt: 1,
    epochs: 0,
    bestEpoch: 0,
    seconds: 0,
  };
  const problem = (fields: Record<string, unknown>) => {
    const parsed = SweepResultLineSchema.safeParse({ ...line, ...fields });
    return parsed.success ? 'ok' : describeSchemaError(parsed.error);
  };

  it('a line at every lower limit is accepted', () => {
    expect(problem({})).toBe('ok');
  });

  it.each([
    ['runs', 0, 'runs: Too small: expected number to be >=1'],
    ['index', -1, 'index: Too small: expected number to be >=0'],
    ['repeat', -1, 'repeat: Too small: expected number to be >=0'],
    ['prunedAt', 0, 'prunedAt: Too small: expected number to be >=1'],
    ['epochs', -1, 'epochs: Too small: expected number to be >=0'],
    ['bestEpoch', -1, 'bestEpoch: Too small: expected number to be >=0'],
    ['seconds', -0.5, 'seconds: Too small: expected number to be >=0'],
    ['sweep', '', 'sweep: Too small: expected string to have >=1 characters'],
    ['key', '', 'key: Too small: expected string to have >=1 characters'],
    ['configKey', '', 'configKey: Too small: expected string to have >=1 characters'],
  ])('%s = %j is refused with the field and the limit', (field, value, message) => {
    expect(problem({ [field]: value })).toBe(message);
  });
});
