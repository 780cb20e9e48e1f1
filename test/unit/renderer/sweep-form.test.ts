import { describe, expect, it } from 'vitest';
import { defaultBase } from '../../../src/renderer/src/features/sweeps/base-experiments';
import { DEFAULT_SWEEP_FORM, newParameterField, parseSweepForm, parseValueList } from '../../../src/renderer/src/features/sweeps/sweep-form';

const base = defaultBase().experiment;

describe('sweep form', () => {
  it('reads value lists as numbers where they are numbers and names otherwise', () => {
    expect(parseValueList(' 0.1, 1e-3,relu , , full')).toEqual([0.1, 0.001, 'relu', 'full']);
  });

  it('counts the runs of the default form and of a log range with seeds', () => {
    const plain = parseSweepForm(DEFAULT_SWEEP_FORM, base);
    expect('plan' in plain && plain.plan.runs.length).toBe(6);
    const range = parseSweepForm(
      { ...DEFAULT_SWEEP_FORM, repeats: '3', parameters: [{ ...newParameterField('learningRate'), mode: 'range', min: '0.001', max: '0.1', steps: '3' }] },
      base,
    );
    if (!('plan' in range)) throw new Error(range.error);
    expect(range.plan.runs.map((run) => [run.config.learningRate, run.experiment.training.seed])).toEqual([
      [0.001, 1],
      [0.001, 2],
      [0.001, 3],
      [0.01, 1],
      [0.01, 2],
      [0.01, 3],
      [0.1, 1],
      [0.1, 2],
      [0.1, 3],
    ]);
  });

  it('names the box to fix', () => {
    const form = (patch: object) => parseSweepForm({ ...DEFAULT_SWEEP_FORM, ...patch }, base);
    expect(form({ parameters: [{ ...newParameterField('width'), list: '' }] })).toEqual({ error: 'Hidden width: expected at least one value' });
    expect(form({ repeats: '0' })).toEqual({ error: 'Seeds per combination: expected a number ≥ 1' });
    expect(form({ parameters: [newParameterField('depth'), newParameterField('depth')] })).toEqual({ error: 'Depth (hidden layers) is listed twice; keep one row per parameter' });
    expect(form({ halvingAt: '20, 10' })).toEqual({ error: 'Halving at epochs: expected increasing epochs' });
    expect(form({ halvingAt: '400' })).toEqual({
      error: "halving.at: 400 epochs is not below the 200 epochs of Sweep · learningRate 0.03, width 8, seed 1; every halving epoch must be below the runs' epochs",
    });
    const halving = form({ halvingAt: '10, 100' });
    expect('sweep' in halving && halving.sweep.halving).toEqual({ at: [10, 100] });
    expect(form({ method: 'random', samples: '50' })).toEqual({
      error: 'method.samples: 50 samples asked for, but the parameters have only 6 distinct combinations; use method "grid" or fewer samples',
    });
  });
});
