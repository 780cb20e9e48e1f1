import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN_FORM, outputChoices, parseRunForm, storedChoice } from '../../../src/renderer/src/features/runs/run-form';
import { describeOption, SHIPPED_DATASETS } from '../../../src/renderer/src/features/datasets/dataset-choices';

describe('run form on stored datasets', () => {
  it('names a shipped or imported dataset by its stored id, without samples or noise', () => {
    const parsed = parseRunForm({ ...DEFAULT_RUN_FORM, dataset: storedChoice('builtin/iris'), output: 'softmax', samples: '50' }, 3);
    if (!('experiment' in parsed)) throw new Error(parsed.error);
    expect(parsed.experiment.dataset).toEqual({ stored: 'builtin/iris' });
    expect(parsed.experiment.model.layers.at(-1)).toMatchObject({ units: 3, activation: 'softmax' });
    expect(parsed.experiment.model.loss).toBe('categoricalCrossEntropy');
  });

  it('trains a regression dataset with a linear output per target and mean squared error', () => {
    expect(outputChoices(0)).toEqual(['linear']);
    const parsed = parseRunForm({ ...DEFAULT_RUN_FORM, dataset: storedChoice('f00d'), output: 'linear' }, 0, 2);
    if (!('experiment' in parsed)) throw new Error(parsed.error);
    expect(parsed.experiment.model.layers.at(-1)).toMatchObject({ units: 2, activation: 'linear' });
    expect(parsed.experiment.model.loss).toBe('mse');
  });

  it('lists the shipped datasets with their shapes', () => {
    expect(SHIPPED_DATASETS.map((o) => o.id)).toEqual(['builtin/xor-tutorial', 'builtin/iris', 'builtin/breast-cancer', 'builtin/fashion-mnist-subset']);
    expect(SHIPPED_DATASETS.map(describeOption)).toEqual([
      '4 rows × 3 features · 2 classes',
      '150 rows × 4 features · 3 classes',
      '569 rows × 30 features · 2 classes',
      '7,000 rows × 784 features · 10 classes · its own validation split',
    ]);
  });
});
