import { describe, expect, it } from 'vitest';
import { describeOption, SHIPPED_DATASETS } from '../../../src/renderer/src/features/datasets/dataset-choices';
import { datasetChoice, datasetSpecFor } from '../../../src/renderer/src/features/datasets/DatasetSelect';

describe('the dataset picker of the experiment forms', () => {
  it('names a shipped or imported dataset by its stored id, without samples or noise', () => {
    expect(datasetSpecFor('stored:builtin/iris', { synthetic: 'spirals', samples: 50, noise: 0.2, seed: 3 })).toEqual({ stored: 'builtin/iris' });
    expect(datasetChoice({ stored: 'builtin/iris' })).toBe('stored:builtin/iris');
  });

  it('keeps the data seed when another generated set is picked, and lets the new set size itself', () => {
    expect(datasetSpecFor('moons', { synthetic: 'spirals', samples: 50, noise: 0.2, seed: 3 })).toEqual({ synthetic: 'moons', seed: 3 });
    expect(datasetSpecFor('moons', { stored: 'builtin/iris' })).toEqual({ synthetic: 'moons' });
    expect(datasetChoice({ synthetic: 'moons', seed: 3 })).toBe('moons');
  });

  it('shows a spec no option stands for (a CSV path from an experiment file) as another choice', () => {
    expect(datasetChoice({ csv: 'data.csv', target: 'y' })).toBe('other');
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
