import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/shared/data/dataset';
import { createDatasetLoader } from '../../../src/renderer/src/features/datasets/load-dataset';

const stub = (name: string): Dataset => ({
  name,
  featureNames: ['a'],
  rows: 2,
  features: 1,
  x: Float32Array.from([0, 1]),
  target: { kind: 'classes', classes: ['n', 'y'], labels: Int32Array.from([0, 1]) },
  normalization: { kind: 'none' },
});

describe('createDatasetLoader', () => {
  const asked: string[] = [];
  const load = createDatasetLoader(
    { load: async (id) => (asked.push(`stored ${id}`), stub(`stored ${id}`)) },
    async (id) => (asked.push(`builtin ${id}`), stub(`builtin ${id}`)),
  );

  it('generates synthetic sets, loads shipped ones by their builtin/ id and imported ones from the database', async () => {
    expect((await load({ synthetic: 'xor', seed: 0 })).rows).toBe(4);
    expect((await load({ stored: 'builtin/iris' })).name).toBe('builtin iris');
    expect((await load({ stored: '5f0c-uuid' })).name).toBe('stored 5f0c-uuid');
    expect(asked).toEqual(['builtin iris', 'stored 5f0c-uuid']);
  });

  it('says that file paths are for the CLI and where to import the file instead', async () => {
    await expect(load({ csv: 'data.csv', target: 'y' })).rejects.toThrow(
      'Experiments in the app read files imported on the Datasets page; import the file there and pick it from the list (file paths work in the CLI).',
    );
  });
});
