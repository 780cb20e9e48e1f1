import { describe, expect, it } from 'vitest';
import { describeOption, importedOption, SHIPPED_DATASETS } from '../../../src/renderer/src/features/datasets/dataset-choices';
import { datasetChoice, datasetSpecFor } from '../../../src/renderer/src/features/datasets/DatasetSelect';

describe('the dataset picker of the experiment forms', () => {
  it('names a shipped or imported dataset by its stored id, without samples or noise', () => {
    expect(datasetSpecFor('stored:builtin/iris', { synthetic: 'spirals', samples: 50, noise: 0.2, seed: 3 })).toEqual({ stored: 'builtin/iris' });
    expect(datasetChoice({ stored: 'builtin/iris' })).toBe('stored:builtin/iris');
  });

  it('picks standardized inputs with breast cancer, whose features range from thousandths to thousands, and none with the other shipped sets', () => {
    const spirals = { synthetic: 'spirals' as const, seed: 3 };
    expect(datasetSpecFor('stored:builtin/breast-cancer', spirals)).toEqual({ stored: 'builtin/breast-cancer', normalize: 'standardize' });
    for (const id of ['builtin/iris', 'builtin/xor-tutorial', 'builtin/fashion-mnist-subset', 'a-user-import']) {
      expect(datasetSpecFor(`stored:${id}`, { stored: 'builtin/breast-cancer', normalize: 'standardize' })).toEqual({ stored: id });
    }
    expect(SHIPPED_DATASETS.map((o) => [o.storedNormalization, o.recommendedNormalization])).toEqual([
      ['none', undefined],
      ['none', undefined],
      ['none', 'standardize'],
      ['none', undefined],
    ]);
  });

  it('describes an imported dataset by how it was normalized at import', () => {
    const record = { id: 'u', name: 'wine', rows: 178, features: 13, classes: ['a', 'b', 'c'], normalization: { kind: 'minmax', min: [], max: [] } };
    expect(importedOption(record as unknown as Parameters<typeof importedOption>[0])).toMatchObject({ id: 'u', storedNormalization: 'minmax', hasSplit: false });
    expect(importedOption(record as unknown as Parameters<typeof importedOption>[0]).recommendedNormalization).toBeUndefined();
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
