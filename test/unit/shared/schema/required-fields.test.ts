import { describe, expect, it } from 'vitest';
import { ExperimentSchema } from '../../../../src/shared/schema/experiment';
import { describeSchemaError } from '../../../../src/shared/schema/schema-error';

// README: "Required are dataset, model.layers (each with units and activation), model.loss,
// training.optimizer (its name and learningRate) and training.epochs; every other field has a default."

const MINIMAL = {
  dataset: { synthetic: 'xor' },
  model: { layers: [{ units: 2, activation: 'softmax' }], loss: 'categoricalCrossEntropy' },
  training: { optimizer: { name: 'sgd', learningRate: 0.1 }, epochs: 1 },
};

/** MINIMAL without the field at `path`. */
function without(path: string[]): unknown {
  const copy = structuredClone(MINIMAL) as Record<string, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = (Array.isArray(at) ? at[Number(key)] : at[key]) as Record<string, unknown>;
  delete at[path.at(-1)!];
  return copy;
}

describe('experiment JSON: required fields and defaults', () => {
  it('parses the minimal experiment, filling in every other field', () => {
    const parsed = ExperimentSchema.parse(MINIMAL);
    expect(parsed.model).toMatchObject({ init: 'heNormal', biasInit: 'zeros' });
    expect(parsed.training).toMatchObject({ batchSize: 'full', seed: 0, dtype: 'float64', validationSplit: 0, l2: 0, shuffle: true, backend: 'auto', schedule: { name: 'constant' } });
  });

  it.each([
    ['dataset', ['dataset']],
    ['model.layers', ['model', 'layers']],
    ['model.layers[0].units', ['model', 'layers', '0', 'units']],
    ['model.layers[0].activation', ['model', 'layers', '0', 'activation']],
    ['model.loss', ['model', 'loss']],
    ['training.optimizer', ['training', 'optimizer']],
    ['training.optimizer.learningRate', ['training', 'optimizer', 'learningRate']],
    ['training.epochs', ['training', 'epochs']],
  ])('refuses an experiment without %s, naming it', (name, path) => {
    const parsed = ExperimentSchema.safeParse(without(path));
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(describeSchemaError(parsed.error).startsWith(`${name}: `)).toBe(true);
  });
});
