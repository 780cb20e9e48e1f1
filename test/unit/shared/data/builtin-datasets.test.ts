import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_DATASETS, builtinDataset } from '../../../../src/shared/data/builtin-datasets';
import { FASHION_MNIST_CLASSES } from '../../../../src/shared/data/idx';

const ASSETS = join(import.meta.dirname, '../../../../resources/datasets');
const readAsset = async (file: string) => new Uint8Array(readFileSync(join(ASSETS, file)));

describe('built-in datasets', () => {
  it.each(BUILTIN_DATASETS.map((d) => [d.id, d] as const))('%s loads with the shape the catalogue lists', async (_, entry) => {
    const dataset = entry.kind === 'synthetic' ? entry.generate() : await entry.load(readAsset);
    expect([dataset.rows, dataset.features]).toEqual([entry.shape.rows, entry.shape.features]);
    expect(dataset.x).toHaveLength(entry.shape.rows * entry.shape.features);
    expect(dataset.target.kind === 'classes' && dataset.target.classes.length).toBe(entry.shape.classes);
    expect(dataset.name).toBe(entry.name);
  });

  it('lists each set by id and name, with a description of its own', () => {
    expect(BUILTIN_DATASETS.map((d) => [d.id, d.name, d.kind])).toEqual([
      ['xor', 'XOR', 'synthetic'],
      ['circles', 'Circles', 'synthetic'],
      ['moons', 'Moons', 'synthetic'],
      ['spirals', 'Two spirals', 'synthetic'],
      ['blobs', 'Gaussian blobs', 'synthetic'],
      ['xor-tutorial', 'XOR as the first tutorial writes it', 'asset'],
      ['iris', 'Iris', 'asset'],
      ['breast-cancer', 'Breast cancer (Wisconsin diagnostic)', 'asset'],
      ['fashion-mnist-subset', 'Fashion-MNIST (7,000 images)', 'asset'],
    ]);
    const descriptions = BUILTIN_DATASETS.map((d) => d.description);
    expect(new Set(descriptions).size).toBe(descriptions.length);
    expect(descriptions.every((d) => d.length > 20)).toBe(true);
    expect(builtinDataset('fashion-mnist-subset').description).toContain('the first 6000 training images and the first 1000 test images');
  });

  it('asset sets are imported unnormalized, in float64, with no split of their own (except Fashion-MNIST\'s)', async () => {
    for (const entry of BUILTIN_DATASETS) {
      if (entry.kind !== 'asset' || entry.id === 'fashion-mnist-subset') continue;
      const d = await entry.load(readAsset);
      expect(d.x).toBeInstanceOf(Float64Array);
      expect(d.normalization).toEqual({ kind: 'none' });
      expect(d.split).toBeUndefined();
      expect(entry.assets).toEqual([`${entry.id}.csv`]);
    }
    const xor = builtinDataset('xor');
    if (xor.kind !== 'synthetic') throw new Error('synthetic expected');
    expect(xor.generate().x).toEqual(xor.generate({ seed: 0 }).x);
  });

  it('recommends standardizing breast cancer only, whose description says the forms do it', () => {
    expect(BUILTIN_DATASETS.flatMap((d) => (d.kind === 'asset' && d.recommendedNormalization ? [[d.id, d.recommendedNormalization]] : []))).toEqual([['breast-cancer', 'standardize']]);
    expect(builtinDataset('breast-cancer').description).toBe(
      '569 tumours, 30 features of cell nuclei, benign or malignant. The features range from thousandths to thousands (areas up to 4,254), so the forms standardize them when it is picked.',
    );
  });

  it('Iris and breast cancer keep the class names and the values as written', async () => {
    const iris = builtinDataset('iris');
    if (iris.kind !== 'asset') throw new Error('iris is an asset');
    const d = await iris.load(readAsset);
    expect(d.target.kind === 'classes' && d.target.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(d.x.subarray(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2]);
    const cancer = builtinDataset('breast-cancer');
    if (cancer.kind !== 'asset') throw new Error('breast cancer is an asset');
    const c = await cancer.load(readAsset);
    expect(c.target.kind === 'classes' && c.target.classes).toEqual(['benign', 'malignant']);
  });

  it("the first tutorial's XOR keeps its constant third input, in the tutorial's row order", async () => {
    const entry = builtinDataset('xor-tutorial');
    if (entry.kind !== 'asset') throw new Error('asset expected');
    const d = await entry.load(readAsset);
    expect(d.featureNames).toEqual(['x1', 'x2', 'x3']);
    expect(Array.from(d.x)).toEqual([0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1]);
    expect(d.target.kind === 'classes' && [d.target.classes, Array.from(d.target.labels)]).toEqual([['0', '1'], [0, 1, 1, 0]]);
  });

  it('Fashion-MNIST subset: 6,000 training and 1,000 validation rows, named classes, pixels in [0, 1]', async () => {
    const entry = builtinDataset('fashion-mnist-subset');
    if (entry.kind !== 'asset') throw new Error('asset expected');
    const d = await entry.load(readAsset);
    expect(d.split!.train).toHaveLength(6000);
    expect(d.split!.validation).toHaveLength(1000);
    expect(d.split!.validation[0]).toBe(6000);
    expect([d.split!.train[1], d.split!.train[5999], d.split!.validation[1], d.split!.validation[999]]).toEqual([1, 5999, 6001, 6999]);
    expect(entry.assets).toEqual(['fashion-mnist-7k-images-idx3-ubyte.gz', 'fashion-mnist-7k-labels-idx1-ubyte.gz']);
    expect(d.target.kind === 'classes' && d.target.classes).toEqual(FASHION_MNIST_CLASSES);
    // The first training image of Fashion-MNIST is an ankle boot; the first test image too.
    expect(d.target.kind === 'classes' && [d.target.labels[0], d.target.labels[6000]]).toEqual([9, 9]);
    let max = 0;
    for (const v of d.x) max = Math.max(max, v);
    expect(max).toBe(1);
    const counts = new Array(10).fill(0);
    if (d.target.kind === 'classes') for (const label of d.target.labels.subarray(0, 6000)) counts[label]++;
    expect(Math.min(...counts)).toBeGreaterThan(500);
  });

  it('synthetic sets take size, noise and seed', () => {
    const entry = builtinDataset('moons');
    if (entry.kind !== 'synthetic') throw new Error('synthetic expected');
    const d = entry.generate({ samples: 50, noise: 0.2, seed: 4 });
    expect(d.rows).toBe(50);
    expect(entry.generate({ samples: 50, noise: 0.2, seed: 4 }).x).toEqual(d.x);
    expect(entry.generate({ samples: 50, noise: 0.2, seed: 5 }).x).not.toEqual(d.x);
    expect(() => builtinDataset('mnist')).toThrow("no built-in dataset 'mnist' (there are: xor, circles, moons, spirals, blobs, xor-tutorial, iris, breast-cancer, fashion-mnist-subset)");
  });
});
