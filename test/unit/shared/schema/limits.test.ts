import { describe, expect, it } from 'vitest';
import { MAX_PLANNED_RUNS, planSweep } from '../../../../src/shared/engine/sweep-plan';
import { ExperimentSchema, type ExperimentInput } from '../../../../src/shared/schema/experiment';
import { describeIssue, TrainerRequestSchema } from '../../../../src/shared/schema/protocol';
import { describeSchemaError } from '../../../../src/shared/schema/schema-error';
import { SweepSchema, type SweepInput } from '../../../../src/shared/schema/sweep';
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
