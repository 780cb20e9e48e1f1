import { describe, expect, it } from 'vitest';
import { planSweep, rungEpochs } from '../../../../src/shared/engine/sweep-plan';
import { SweepSchema } from '../../../../src/shared/schema/sweep';
import { BASE_EXPERIMENT, sweepOf } from './sweep-fixtures';

describe('grid sweeps', () => {
  it('expands the cartesian product times repeats, last parameter fastest, seeds base + repeat', () => {
    const plan = planSweep(sweepOf({ parameters: { learningRate: [0.1, 0.01], width: [4, 8, 16] }, repeats: 2 }));
    expect(plan.combinations).toBe(6);
    expect(plan.runs).toHaveLength(12);
    expect(plan.runs.map((run) => run.index)).toEqual([...Array(12).keys()]);
    expect(plan.runs.slice(0, 4).map((run) => [run.config.learningRate, run.config.width, run.repeat, run.experiment.training.seed])).toEqual([
      [0.1, 4, 0, 7],
      [0.1, 4, 1, 8],
      [0.1, 8, 0, 7],
      [0.1, 8, 1, 8],
    ]);
    const run = plan.runs[11];
    expect(run.experiment.training.optimizer.learningRate).toBe(0.01);
    expect(run.experiment.model.layers.map((layer) => layer.units)).toEqual([16, 16, 1]);
    expect(run.experiment.name).toBe('spirals · learningRate 0.01, width 16, seed 8');
    expect(new Set(plan.runs.map((r) => r.key)).size).toBe(12);
    expect(new Set(plan.runs.map((r) => r.configKey)).size).toBe(6);
    expect(plan.runs[0].configKey).toBe(plan.runs[1].configKey);
  });

  it('gives the same keys and sweep id on every planning, and a different id for a different sweep', () => {
    const a = planSweep(sweepOf({ parameters: { learningRate: [0.1, 0.01] } }));
    const b = planSweep(sweepOf({ parameters: { learningRate: [0.1, 0.01] } }));
    const c = planSweep(sweepOf({ parameters: { learningRate: [0.1, 0.02] } }));
    expect(b.runs.map((r) => r.key)).toEqual(a.runs.map((r) => r.key));
    expect(b.sweepId).toBe(a.sweepId);
    expect(c.sweepId).not.toBe(a.sweepId);
    expect(c.runs[0].key).toBe(a.runs[0].key);
  });

  it("keeps the sweep id and run keys a sweep over a stored dataset had before its spec could say normalize, and sweeps that field like any other", () => {
    const stored = (dataset: Record<string, unknown>, parameters: Record<string, unknown[]>) =>
      planSweep(sweepOf({ experiment: { ...BASE_EXPERIMENT, dataset: dataset as { stored: string } }, parameters }));
    // Pinned from the code before the field existed: absent, it is left out of what is hashed.
    const before = stored({ stored: 'builtin/breast-cancer' }, { learningRate: [0.1, 0.01] });
    expect([before.sweepId, ...before.runs.map((r) => r.key)]).toEqual(['1b9020122a0cfd', '0b64d9d883054b', '10cd5f43403576']);
    const asked = stored({ stored: 'builtin/breast-cancer', normalize: 'standardize' }, { learningRate: [0.1, 0.01] });
    expect(asked.runs.map((r) => r.key)).not.toContain(before.runs[0].key);
    const swept = stored({ stored: 'builtin/breast-cancer' }, { 'dataset.normalize': ['none', 'standardize'] });
    expect(swept.runs.map((r) => r.experiment.dataset)).toEqual([
      { stored: 'builtin/breast-cancer', normalize: 'none' },
      { stored: 'builtin/breast-cancer', normalize: 'standardize' },
    ]);
  });

  it('spaces log ranges evenly per decade and linear ranges evenly, rounding integer parameters', () => {
    const plan = planSweep(sweepOf({ parameters: { learningRate: { min: 1e-4, max: 1e-1, steps: 4, scale: 'log' } } }));
    expect(plan.runs.map((run) => run.experiment.training.optimizer.learningRate)).toEqual([0.0001, 0.001, 0.01, 0.1]);
    const linear = planSweep(sweepOf({ parameters: { 'training.l2': { min: 0, max: 0.3, steps: 4 } } }));
    expect(linear.runs.map((run) => run.experiment.training.l2)).toEqual([0, 0.1, 0.2, 0.3]);
    const widths = planSweep(sweepOf({ parameters: { width: { min: 2, max: 4, steps: 5 } } }));
    expect(widths.runs.map((run) => run.config.width)).toEqual([2, 3, 4]);
  });

  it('names runs with values to four significant digits, as the tables show them, while the runs keep the exact values', () => {
    const plan = planSweep(
      sweepOf({ parameters: { learningRate: { min: 1e-3, max: 1e-1, steps: 5, scale: 'log' }, 'model.layers[0].activation': ['relu'], 'training.earlyStopping': [{ patience: 2 }] } }),
    );
    expect(plan.runs.map((run) => run.experiment.training.optimizer.learningRate)).toEqual([0.001, 0.00316227766017, 0.01, 0.0316227766017, 0.1]);
    expect(plan.runs.map((run) => run.experiment.name)).toEqual(
      ['0.001', '0.003162', '0.01', '0.03162', '0.1'].map((lr) => `spirals · learningRate ${lr}, model.layers[0].activation relu, training.earlyStopping {"patience":2}, seed 7`),
    );
  });

  it('sets paths into the experiment and applies depth before width', () => {
    const plan = planSweep(
      sweepOf({ parameters: { width: [5], depth: [1, 3], 'model.layers[0].activation': ['relu'], 'training.earlyStopping.patience': [2] } }),
    );
    expect(plan.runs[0].experiment.model.layers).toEqual([
      { units: 5, activation: 'relu' },
      { units: 1, activation: 'sigmoid' },
    ]);
    expect(plan.runs[1].experiment.model.layers.map((l) => [l.units, l.activation])).toEqual([
      [5, 'relu'],
      [5, 'tanh'],
      [5, 'tanh'],
      [1, 'sigmoid'],
    ]);
    expect(plan.runs[0].experiment.training.earlyStopping).toEqual({ patience: 2, minDelta: 0 });
  });

  it('swaps optimizers keeping the learning rate and dropping the old optimizer fields', () => {
    const plan = planSweep(sweepOf({ parameters: { optimizer: ['sgd', { name: 'momentum', nesterov: true }] } }));
    expect(plan.runs.map((run) => run.experiment.training.optimizer)).toEqual([
      { name: 'sgd', learningRate: 0.01 },
      { name: 'momentum', learningRate: 0.01, momentum: 0.9, nesterov: true },
    ]);
  });

  it('names runs after the sweep, else its experiment, else "Sweep", within the 200 characters a name may have', () => {
    const unnamed = { ...BASE_EXPERIMENT, name: undefined };
    expect(planSweep(sweepOf({ experiment: unnamed, parameters: { width: [4] } })).runs[0].experiment.name).toBe('Sweep · width 4, seed 7');
    expect(planSweep(sweepOf({ name: 'widths', parameters: { width: [4] } })).runs[0].experiment.name).toBe('widths · width 4, seed 7');
    const long = planSweep(sweepOf({ name: 'w'.repeat(195), parameters: { width: [4] } })).runs[0].experiment.name!;
    expect(long).toBe(`${'w'.repeat(195)} · wi`);
  });

  it('counts runs of a sweep without parameters as its repeats', () => {
    expect(planSweep(sweepOf({ repeats: 3 })).runs.map((run) => run.experiment.training.seed)).toEqual([7, 8, 9]);
  });

  it('says which parameter makes an invalid experiment, and refuses ranges without steps in a grid', () => {
    expect(() => planSweep(sweepOf({ parameters: { width: [4, 0] } }))).toThrow(
      'parameters: with width = 0 the experiment is invalid — model.layers.0.units: expected a number ≥ 1',
    );
    expect(() => planSweep(sweepOf({ parameters: { width: [0], 'training.l2': [0.1] } }))).toThrow(
      'parameters: with width = 0, training.l2 = 0.1 the experiment is invalid — model.layers.0.units: expected a number ≥ 1',
    );
    expect(() => planSweep(sweepOf({ parameters: { 'model.layers[5].units': [3] } }))).toThrow(
      'parameters.model.layers[5].units: the base experiment has no model.layers[5]',
    );
    expect(() => planSweep(sweepOf({ parameters: { learningRate: { min: 0.001, max: 0.1, scale: 'log' } } }))).toThrow(
      'parameters.learningRate: a range in a grid sweep needs "steps"',
    );
  });
});

describe('random sweeps', () => {
  it('draws the asked number of distinct samples, the same for the same seed and others for another', () => {
    const sweep = (seed: number) =>
      sweepOf({ parameters: { learningRate: { min: 1e-4, max: 1, scale: 'log' }, width: [4, 8, 16, 32] }, method: { name: 'random', samples: 200, seed } });
    const plan = planSweep(sweep(3));
    expect(plan.runs).toHaveLength(200);
    expect(planSweep(sweep(3)).runs.map((r) => r.key)).toEqual(plan.runs.map((r) => r.key));
    expect(planSweep(sweep(4)).runs[0].key).not.toBe(plan.runs[0].key);
    const rates = plan.runs.map((run) => run.config.learningRate as number);
    expect(Math.min(...rates)).toBeGreaterThanOrEqual(1e-4);
    expect(Math.max(...rates)).toBeLessThanOrEqual(1);
    // Log-uniform: each of the four decades gets about a quarter of the draws.
    const decades = [0, 1, 2, 3].map((d) => rates.filter((r) => r >= 10 ** (d - 4) && r < 10 ** (d - 3)).length);
    for (const count of decades) expect(count).toBeGreaterThan(30);
    expect(new Set(plan.runs.map((r) => r.config.width))).toEqual(new Set([4, 8, 16, 32]));
  });

  it('samples integer ranges as whole numbers inside the range', () => {
    const plan = planSweep(sweepOf({ parameters: { width: { min: 2, max: 40 }, 'training.l2': { min: 0, max: 0.01 } }, method: { name: 'random', samples: 50, seed: 1 } }));
    for (const run of plan.runs) {
      expect(Number.isInteger(run.config.width)).toBe(true);
      expect(run.config.width).toBeGreaterThanOrEqual(2);
      expect(run.config.width).toBeLessThanOrEqual(40);
    }
  });

  it('draws every combination once when asked for as many samples as there are', () => {
    const plan = planSweep(sweepOf({ parameters: { width: [4, 8], activation: ['tanh', 'relu'] }, method: { name: 'random', samples: 4, seed: 2 } }));
    expect(new Set(plan.runs.map((run) => `${run.config.width} ${run.config.activation}`))).toEqual(new Set(['4 tanh', '4 relu', '8 tanh', '8 relu']));
  });

  it('gives up, saying how many it found, when an integer range has fewer values than samples', () => {
    // width 2 to 3 has two values, which the size check (counting only listed values) cannot know.
    expect(() => planSweep(sweepOf({ parameters: { width: { min: 2, max: 3 } }, method: { name: 'random', samples: 5, seed: 1 } }))).toThrow(
      'method.samples: found only 2 distinct combinations of 5 after many draws; use fewer samples or method "grid"',
    );
  });

  it('draws at most 100 times per sample before giving up', () => {
    // 200 times width 4, once width 8: with seed 83 the 8 comes at the 200th draw, with seed 748 at the 201st.
    const widths = [...new Array<number>(200).fill(4), 8];
    const drawn = (seed: number) => planSweep(sweepOf({ parameters: { width: widths }, method: { name: 'random', samples: 2, seed } }));
    expect(drawn(83).runs.map((run) => run.config.width)).toEqual([4, 8]);
    expect(() => drawn(748)).toThrow(Error);
    expect(() => drawn(748)).toThrow('method.samples: found only 1 distinct combination of 2 after many draws; use fewer samples or method "grid"');
  });

  it('refuses more samples than distinct combinations', () => {
    expect(() => planSweep(sweepOf({ parameters: { width: [4, 4] }, method: { name: 'random', samples: 2 } }))).toThrow(
      'method.samples: 2 samples asked for, but the parameters have only 1 distinct combination; use method "grid" or fewer samples',
    );
    expect(() => planSweep(sweepOf({ parameters: { width: [4, 8], activation: ['tanh', 'relu'] }, method: { name: 'random', samples: 5 } }))).toThrow(
      'method.samples: 5 samples asked for, but the parameters have only 4 distinct combinations',
    );
  });
});

describe('sweep schema', () => {
  it('names the field of a bad definition', () => {
    const bad = (fields: object) => SweepSchema.safeParse({ experiment: BASE_EXPERIMENT, ...fields }).error?.issues[0];
    expect(bad({ parameters: { learningrate: [0.1] } })).toMatchObject({ path: ['parameters', 'learningrate'], message: expect.stringMatching(/^expected an alias \(learningRate, optimizer/) });
    expect(bad({ parameters: { learningRate: { min: 0, max: 1, scale: 'log' } } })).toMatchObject({ path: ['parameters', 'learningRate', 'min'], message: 'a log range needs min > 0' });
    expect(bad({ parameters: { width: [] } })?.message).toBe('expected at least one value');
    expect(bad({ halving: { at: [3, 2] } })?.message).toBe('expected increasing epochs');
  });

  it('lists the rungs of successive halving ending at the full budget', () => {
    expect(rungEpochs(sweepOf({ halving: { at: [1, 2] } }))).toEqual([1, 2, 4]);
    expect(rungEpochs(sweepOf({}))).toEqual([4]);
    const plan = planSweep(sweepOf({ parameters: { epochs: [3, 8] }, halving: { at: [2] } }));
    expect(plan.runs.map((run) => rungEpochs(sweepOf({ halving: { at: [2] } }), run.experiment))).toEqual([
      [2, 3],
      [2, 8],
    ]);
    expect(() => planSweep(sweepOf({ parameters: { epochs: [3, 8] }, halving: { at: [3] } }))).toThrow(
      'halving.at: 3 epochs is not below the 3 epochs of spirals · epochs 3, seed 7; every halving epoch must be below the runs\' epochs',
    );
    expect(sweepOf({ method: 'grid' }).method).toEqual({ name: 'grid' });
  });
});
