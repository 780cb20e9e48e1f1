import { describe, expect, it } from 'vitest';
import { describeSchemaError } from '../../../../src/shared/schema/schema-error';
import { isParameterName, SweepSchema, type SweepInput } from '../../../../src/shared/schema/sweep';

// Sweep JSON's own rules besides its size limits (limits.test.ts): which parameter names are
// paths into the experiment, what a range and a method must be, successive halving's epochs, and
// the defaults filled in. Each refusal names the field and says what was expected.

const BASE: SweepInput['experiment'] = {
  dataset: { synthetic: 'xor' },
  model: { layers: [{ units: 2, activation: 'softmax' }], loss: 'categoricalCrossEntropy' },
  training: { optimizer: { name: 'sgd', learningRate: 0.1 }, epochs: 1 },
};

function problem(fields: Omit<SweepInput, 'experiment'>): string {
  const parsed = SweepSchema.safeParse({ experiment: BASE, ...fields });
  return parsed.success ? 'ok' : describeSchemaError(parsed.error);
}

describe('sweep parameter names', () => {
  it('takes the aliases and dotted paths into dataset, model or training, with [index] steps of any length', () => {
    for (const name of ['learningRate', 'width', 'dropout', 'training.optimizer.learningRate', 'model.layers[0].units', 'model.layers[12].units', 'dataset.noise', 'model[3]', 'model[12].x', 'training.l2']) {
      expect(isParameterName(name), name).toBe(true);
    }
  });

  it('refuses anything else: other roots, a root inside the path, broken steps, bare roots', () => {
    for (const name of [
      'learningrate',
      'model',
      'models.x',
      'foo.model.x',
      'x.training.l2',
      'training.optimizer.learning-rate',
      'model.layers[x].units',
      'model[x]',
      'model.layers[].units',
      'model..units',
      'model.1st',
      'model.layers[0]units',
      'model.layers[0].units ',
    ]) {
      expect(isParameterName(name), name).toBe(false);
    }
  });

  it('says what a parameter name can be, or why a prototype step cannot be one', () => {
    expect(problem({ parameters: { 'foo.model.x': [1] } })).toBe(
      'parameters.foo.model.x: expected an alias (learningRate, optimizer, batchSize, epochs, l2, seed, init, width, depth, activation, dropout) or a path into the experiment such as training.optimizer.learningRate or model.layers[0].units',
    );
    expect(problem({ parameters: { 'model.constructor.x': [1] } })).toBe(
      "parameters.model.constructor.x: 'constructor' cannot be a step of a parameter path: it names an object's prototype, not a field of the experiment",
    );
    // A custom issue (zod's code for a refinement) at the parameter's own key.
    const parsed = SweepSchema.safeParse({ experiment: BASE, parameters: { 'foo.model.x': [1] } });
    expect(parsed.success || parsed.error.issues.map((issue) => [issue.code, issue.path])).toEqual([['custom', ['parameters', 'foo.model.x']]]);
  });
});

describe('sweep parameter values', () => {
  const range = (fields: Record<string, unknown>) => problem({ parameters: { learningRate: { min: 0.001, max: 1, ...fields } as never } });

  it('a range: max ≥ min (equal is one value), finite ends, whole steps of at least 2', () => {
    expect(range({ min: 0.5, max: 0.5 })).toBe('ok');
    expect(range({ min: 0.5, max: 0.4 })).toBe('parameters.learningRate.max: expected max ≥ min');
    expect(range({ min: -Infinity })).toBe('parameters.learningRate.min: Invalid input: expected number, received -Infinity');
    expect(range({ steps: 2 })).toBe('ok');
    expect(range({ steps: 1 })).toBe('parameters.learningRate.steps: expected at least 2 steps');
    expect(range({ steps: 2.5 })).toBe('parameters.learningRate.steps: expected a whole number');
  });

  it('a range is linear unless it says log', () => {
    expect(SweepSchema.parse({ experiment: BASE, parameters: { learningRate: { min: 0.1, max: 1, steps: 3 } } }).parameters.learningRate).toEqual({ min: 0.1, max: 1, steps: 3, scale: 'linear' });
  });

  it('a log range needs min > 0', () => {
    expect(range({ min: 1e-300, scale: 'log' })).toBe('ok');
    expect(range({ min: 0, scale: 'log' })).toBe('parameters.learningRate.min: a log range needs min > 0');
    expect(range({ min: 0, scale: 'linear' })).toBe('ok');
  });

  it('a list has at least one value', () => {
    expect(problem({ parameters: { learningRate: [] } })).toBe('parameters.learningRate: expected at least one value');
    expect(problem({ parameters: { learningRate: [0.1] } })).toBe('ok');
  });
});

describe('sweep method, repeats and halving', () => {
  it('fills in a grid, one repeat and no parameters; "grid" is short for {"name": "grid"}', () => {
    const parsed = SweepSchema.parse({ experiment: BASE });
    expect([parsed.method, parsed.repeats, parsed.parameters, parsed.halving]).toEqual([{ name: 'grid' }, 1, {}, undefined]);
    expect(SweepSchema.parse({ experiment: BASE, method: 'grid' }).method).toEqual({ name: 'grid' });
    expect(SweepSchema.parse({ experiment: BASE, method: { name: 'grid' } }).method).toEqual({ name: 'grid' });
  });

  it('random search: whole samples from 1, a 32-bit seed (0 by default)', () => {
    expect(SweepSchema.parse({ experiment: BASE, method: { name: 'random', samples: 1 } }).method).toEqual({ name: 'random', samples: 1, seed: 0 });
    expect(problem({ method: { name: 'random', samples: 0 } })).toBe('method.samples: expected a number ≥ 1');
    expect(problem({ method: { name: 'random', samples: 1.5 } })).toBe('method.samples: expected a whole number');
    // The random shape knows more of the keys than {"name": "grid"} does.
    expect(problem({ method: { name: 'random', samples: 2, extra: 1 } as never })).toBe("method: unknown field 'extra'");
    expect(problem({ method: { name: 'random', samples: 2, seed: 2 ** 32 - 1 } })).toBe('ok');
    expect(problem({ method: { name: 'random', samples: 2, seed: 2 ** 32 } })).toBe('method.seed: Too big: expected number to be <=4294967295');
    expect(problem({ method: { name: 'random', samples: 2, seed: -1 } })).toBe('method.seed: Too small: expected number to be >=0');
  });

  it('repeats: a whole number from 1', () => {
    expect(problem({ repeats: 1 })).toBe('ok');
    expect(problem({ repeats: 0 })).toBe('repeats: expected a number ≥ 1');
    expect(problem({ repeats: 1.5 })).toBe('repeats: expected a whole number');
  });

  it('halving: whole epochs from 1, at least one, strictly increasing', () => {
    expect(problem({ halving: { at: [1, 2] } })).toBe('ok');
    expect(problem({ halving: { at: [] } })).toBe('halving.at: expected at least one epoch');
    expect(problem({ halving: { at: [0] } })).toBe('halving.at[0]: Too small: expected number to be >=1');
    expect(problem({ halving: { at: [1.5] } })).toBe('halving.at[0]: expected a whole number');
    expect(problem({ halving: { at: [5, 5] } })).toBe('halving.at: expected increasing epochs');
    expect(problem({ halving: { at: [2, 6, 4] } })).toBe('halving.at: expected increasing epochs');
  });
});
