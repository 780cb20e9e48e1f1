import { describe, expect, it } from 'vitest';
import { describeForkChanges, planFork } from '../../../../src/shared/engine/fork';
import { ExperimentSchema, type Experiment, type ExperimentInput } from '../../../../src/shared/schema/experiment';

const parent = ExperimentSchema.parse({
  dataset: { synthetic: 'spirals' },
  model: { layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' },
  training: { optimizer: { name: 'momentum', learningRate: 0.01 }, epochs: 100, validationSplit: 0.2, seed: 3 },
});

/** The parent with `edit` applied to a copy of its input form. */
function forked(edit: (input: ExperimentInput & { model: { layers: Record<string, unknown>[] }; training: Record<string, unknown> }) => void): Experiment {
  const input = structuredClone(parent) as Parameters<typeof edit>[0];
  edit(input);
  return ExperimentSchema.parse(input);
}

describe('planFork', () => {
  it('an unchanged experiment (more epochs only) is a plain continuation', () => {
    const plan = planFork(parent, forked((e) => (e.training.epochs = 200)), 100);
    expect(plan).toEqual({ changes: [{ field: 'epochs', from: '100', to: '200' }], refused: [], notes: [] });
    expect(describeForkChanges(planFork(parent, parent, 50).changes)).toBe('nothing');
  });

  it('names each permitted change with its old and new value', () => {
    const plan = planFork(
      parent,
      forked((e) => {
        e.training.optimizer = { name: 'momentum', learningRate: 0.001, momentum: 0.95 };
        e.training.batchSize = 32;
        e.training.l2 = 0.0001;
        e.training.earlyStopping = { patience: 10 };
        e.model.layers[0].dropout = 0.2;
      }),
      40,
    );
    expect(plan.refused).toEqual([]);
    expect(describeForkChanges(plan.changes)).toBe(
      'layer 1 dropout 0 → 0.2, learningRate 0.01 → 0.001, momentum 0.9 → 0.95, earlyStopping off → patience 10, minDelta 0, batchSize full → 32, l2 0 → 0.0001',
    );
    expect(plan.notes).toEqual([]);
  });

  it('any other training setting is a permitted change, one added later included', () => {
    const plan = planFork(parent, forked((e) => (e.training.trainMetrics = 'full')), 40);
    expect(plan).toEqual({ changes: [{ field: 'trainMetrics', from: 'default', to: 'full' }], refused: [], notes: [] });
  });

  it('another optimizer is a change with a note that its state starts at zero', () => {
    const plan = planFork(parent, forked((e) => (e.training.optimizer = { name: 'adam', learningRate: 0.001 })), 40);
    expect(plan.changes).toEqual([
      { field: 'optimizer', from: 'momentum (learningRate 0.01, momentum 0.9, nesterov false)', to: 'adam (learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-8)' },
    ]);
    expect(plan.notes).toEqual(['adam starts its own state at zero (velocities, moments and step count 0): the checkpoint’s momentum state is not carried over.']);
  });

  it('a schedule counts from the whole run’s start, and says so', () => {
    const plan = planFork(parent, forked((e) => (e.training.schedule = { name: 'step', every: 10, factor: 0.5 })), 40);
    expect(plan.changes).toEqual([{ field: 'schedule', from: 'constant', to: 'step (× 0.5 every 10 epochs)' }]);
    expect(plan.notes).toEqual(['The schedule counts epochs from the start of the whole run: the fork’s first epoch is epoch 41.']);
  });

  it('refuses what the checkpoint was made of, naming the field and why', () => {
    const plan = planFork(
      parent,
      forked((e) => {
        e.model.layers[0].units = 16;
        e.model.layers[0].activation = 'relu';
        e.model.layers[1].bias = false;
        e.model.loss = 'mse';
        e.training.seed = 4;
        e.training.validationSplit = 0.1;
        e.training.dtype = 'float32';
        e.training.epochs = 40;
      }),
      40,
    );
    expect(plan.refused.map((refusal) => refusal.field)).toEqual([
      'model.layers[0].units',
      'model.layers[0].activation',
      'model.layers[1].bias',
      'model.loss',
      'training.seed',
      'training.validationSplit',
      'training.dtype',
      'training.epochs',
    ]);
    expect(plan.refused[0].reason).toBe('the checkpoint’s weights were trained with units 8 in layer 1; they only fit the network they were trained in');
    expect(plan.refused.at(-1)!.reason).toBe('the checkpoint is at epoch 40; train to a later epoch than that');
  });

  it('refuses another layer count and an initializer, which would change nothing', () => {
    const fewer = planFork(parent, forked((e) => e.model.layers.shift()), 10);
    expect(fewer.refused).toEqual([{ field: 'model.layers', reason: 'the checkpoint’s network has 2 layers, this one 1: its weights only fit the same layers' }]);
    const init = planFork(parent, forked((e) => (e.model.init = 'xavierUniform')), 10);
    expect(init.refused.map((refusal) => refusal.field)).toEqual(['model.init']);
  });

  it('describes an exponential schedule and clipping turned on (absent clipNorm is off, not a default)', () => {
    const plan = planFork(
      parent,
      forked((e) => {
        e.training.schedule = { name: 'exponential', rate: 0.95 };
        e.training.clipNorm = 0.5;
      }),
      40,
    );
    expect(plan.changes).toEqual([
      { field: 'schedule', from: 'constant', to: 'exponential (× 0.95 per epoch)' },
      { field: 'clipNorm', from: 'off', to: '0.5' },
    ]);
  });

  it('says why each refused setting must stay', () => {
    const plan = planFork(
      parent,
      forked((e) => {
        e.model.layers[0].init = 'heNormal';
        e.model.biasInit = { name: 'constant', value: 0.1 };
        e.model.loss = 'mse';
        e.training.seed = 4;
        e.training.validationSplit = 0.1;
        e.training.dtype = 'float32';
      }),
      40,
    );
    const initializer = 'the fork starts from the checkpoint’s weights, so an initializer would change nothing';
    expect(plan.refused).toEqual([
      { field: 'model.layers[0].init', reason: initializer },
      { field: 'model.init', reason: initializer },
      { field: 'model.loss', reason: 'the run was trained and its best epoch chosen by binaryCrossEntropy; another loss would make the fork’s curve and early stopping incomparable with it' },
      { field: 'training.seed', reason: 'the seed chose the initial weights and the validation rows; the fork goes on from the checkpoint’s weights and rows, and its random streams are the checkpoint’s' },
      { field: 'training.validationSplit', reason: 'the validation share decides which rows are trained on; the checkpoint’s row order holds exactly its run’s training rows' },
      { field: 'training.dtype', reason: 'the checkpoint holds its numbers in its own type; another type would round them, and the fork would no longer start from the checkpoint’s state' },
    ]);
  });

  it('an explicit bias: true is the same network as no bias field', () => {
    expect(planFork(parent, forked((e) => (e.model.layers[0].bias = true)), 10).refused).toEqual([]);
  });
});
