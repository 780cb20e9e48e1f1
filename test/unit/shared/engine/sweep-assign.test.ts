import { describe, expect, it } from 'vitest';
import { assignParameters, parsePath } from '../../../../src/shared/engine/sweep-assign';
import { planSweep } from '../../../../src/shared/engine/sweep-plan';
import type { Experiment } from '../../../../src/shared/schema/experiment';
import { sweepOf } from './sweep-fixtures';

// Setting one sweep parameter on an experiment: a path into it or an alias, with messages that
// name the path when the base experiment has no such place.

const base = sweepOf({}).experiment; // 2 inputs → 8 tanh → 8 tanh → 1 sigmoid
const assign = (assignment: Record<string, unknown>) => assignParameters(base, assignment) as Experiment;
const units = (experiment: Experiment) => experiment.model.layers.map((layer) => layer.units);

describe('sweep parameter paths', () => {
  it('split into names and indexes', () => {
    expect(parsePath('model.layers[12].units')).toEqual(['model', 'layers', 12, 'units']);
    expect(parsePath('a.b[2][10].c')).toEqual(['a', 'b', 2, 10, 'c']);
  });

  it('name the first step the base experiment lacks', () => {
    expect(() => assign({ 'model.layers[3].units': 4 })).toThrow(/^model\.layers\[3\]\.units: the base experiment has no model\.layers\[3\]$/);
    expect(() => assign({ 'model.layers[3]': { units: 4, activation: 'relu' } })).toThrow(/^model\.layers\[3\]: the base experiment has no model\.layers\[3\]$/);
    expect(() => assign({ 'training.optimizer[0]': 1 })).toThrow(/^training\.optimizer\[0\]: the base experiment has no training\.optimizer\[0\]$/);
    expect(() => assign({ 'model.extra[0].units': 1 })).toThrow(/^model\.extra\[0\]\.units: the base experiment has no model\.extra\[0\]$/);
    expect(() => assign({ 'training.l2.x': 1 })).toThrow(/^training\.l2\.x: training\.l2 is a value, not an object$/);
    // A block set to null by an earlier parameter is a value too.
    expect(() => assign({ 'training.earlyStopping': null, 'training.earlyStopping.patience': 3 })).toThrow(/^training\.earlyStopping\.patience: training\.earlyStopping is a value, not an object$/);
  });

  it('create a block an earlier parameter left undefined', () => {
    expect(assign({ 'training.earlyStopping': undefined, 'training.earlyStopping.patience': 3 }).training.earlyStopping).toEqual({ patience: 3 });
  });

  it('set the last layer by index, and leave the base experiment as it was', () => {
    const assigned = assign({ 'model.layers[2]': { units: 1, activation: 'linear' } });
    expect(assigned.model.layers[2]).toEqual({ units: 1, activation: 'linear' });
    expect(base.model.layers[2].activation).toBe('sigmoid');
  });
});

describe('sweep parameter aliases', () => {
  it('set training fields and the initializer', () => {
    const assigned = assign({ batchSize: 8, epochs: 9, l2: 0.1, seed: 3, init: 'xavierUniform' });
    expect(assigned.training).toMatchObject({ batchSize: 8, epochs: 9, l2: 0.1, seed: 3 });
    expect(assigned.model.init).toBe('xavierUniform');
  });

  it('set every hidden layer, never the output layer', () => {
    const assigned = assign({ width: 5, activation: 'relu', dropout: 0.1 });
    expect(assigned.model.layers).toEqual([
      { units: 5, activation: 'relu', dropout: 0.1 },
      { units: 5, activation: 'relu', dropout: 0.1 },
      { units: 1, activation: 'sigmoid' },
    ]);
  });

  it('deepen by repeating the last hidden layer, and shallow by keeping the first ones', () => {
    const mixed = { ...base, model: { ...base.model, layers: [{ units: 8, activation: 'tanh' as const }, { units: 4, activation: 'relu' as const }, base.model.layers[2]] } };
    const deeper = assignParameters(mixed, { depth: 3 }) as Experiment;
    expect(deeper.model.layers.map((layer) => [layer.units, layer.activation])).toEqual([[8, 'tanh'], [4, 'relu'], [4, 'relu'], [1, 'sigmoid']]);
    expect(units(assignParameters(mixed, { depth: 2 }) as Experiment)).toEqual([8, 4, 1]);
    expect(units(assignParameters(mixed, { depth: 1 }) as Experiment)).toEqual([8, 1]);
    expect(units(assignParameters(mixed, { depth: 0 }) as Experiment)).toEqual([1]);
  });

  it('apply depth before everything else, so a path indexes the layers the depth produced', () => {
    const assigned = assign({ 'model.layers[2].activation': 'relu', depth: 3 });
    expect(assigned.model.layers.map((layer) => layer.activation)).toEqual(['tanh', 'tanh', 'relu', 'sigmoid']);
  });

  it('plan a grid of depth × width that includes no hidden layers at all', () => {
    // It failed with "width: the base experiment has no hidden layer to change".
    const plan = planSweep(sweepOf({ parameters: { depth: [0, 1], width: [4] } }));
    expect(plan.runs.map((run) => units(run.experiment))).toEqual([[1], [4, 1]]);
  });

  it('refuse a depth that is not a whole number ≥ 0, and hidden-layer aliases on a base without hidden layers', () => {
    for (const depth of [-1, 1.5, '2']) expect(() => assign({ depth })).toThrow(`depth: expected a whole number of hidden layers ≥ 0, got ${JSON.stringify(depth)}`);
    const flat = { ...base, model: { ...base.model, layers: [base.model.layers[2]] } };
    expect(() => assignParameters(flat, { depth: 1 })).toThrow('depth: the base experiment has no hidden layer to repeat');
    expect(units(assignParameters(flat, { depth: 0 }) as Experiment)).toEqual([1]);
    for (const alias of ['width', 'activation', 'dropout']) expect(() => assignParameters(flat, { [alias]: 1 })).toThrow(`${alias}: the base experiment has no hidden layer to change`);
  });
});
