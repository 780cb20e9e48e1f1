import type { SyntheticDatasetName } from '../schema/names';
import type { Dataset, Normalization } from './dataset';
import { FASHION_MNIST_CLASSES, readIdxDataset } from './idx';
import { importCsvBytes } from './import-csv';
import { resolveSyntheticDataset, syntheticDefaults, type SyntheticDatasetSpec } from './synthetic';

// The datasets the app has on first start, offline. Synthetic sets are generated from a seed (noise
// and size adjustable, see `synthetic.ts`); the others load from small files shipped in
// `resources/datasets/` (regenerate with `scripts/make-builtin-datasets.py`). Loading is pure: the
// host hands over the asset bytes — the renderer by fetching them (Vite `?url` imports), Node by
// reading `resources/datasets/<file>` — so this catalogue runs unchanged in a worker, the CLI and
// tests.

export type ReadAsset = (fileName: string) => Promise<Uint8Array>;

interface BuiltinBase {
  id: string;
  name: string;
  description: string;
  /** Rows × features and classes with the default options, for listing before anything is loaded. */
  shape: { rows: number; features: number; classes: number };
}

/** Generated from a seed; samples, noise, classes (blobs, spirals) and seed adjustable. */
export interface SyntheticBuiltin extends BuiltinBase {
  kind: 'synthetic';
  generate(options?: Partial<Omit<SyntheticDatasetSpec, 'synthetic'>>): Dataset;
}

/** Loaded from files under resources/datasets/. */
export interface AssetBuiltin extends BuiltinBase {
  kind: 'asset';
  assets: string[];
  /**
   * The normalization the forms pick when the set is chosen (the experiment's `normalize`), for
   * features on scales so far apart that a network on the raw values saturates; absent: none.
   */
  recommendedNormalization?: Exclude<Normalization['kind'], 'none'>;
  load(readAsset: ReadAsset): Promise<Dataset>;
}

export type BuiltinDataset = SyntheticBuiltin | AssetBuiltin;

/** `features`: columns kept although the import would suggest leaving them out (a constant one). */
async function csvAsset(readAsset: ReadAsset, file: string, name: string, target: string, features?: string[]): Promise<Dataset> {
  // Unnormalized, no split: the experiment chooses both (its `normalize` and validation share), as
  // for any dataset stored unnormalized.
  const { dataset } = importCsvBytes(await readAsset(file), file, { name, target, features, split: { validation: 0 }, precision: 'float64' });
  return dataset;
}

function synthetic(id: SyntheticDatasetName, name: string, description: string): SyntheticBuiltin {
  const { samples, classes } = syntheticDefaults(id);
  return {
    kind: 'synthetic',
    id,
    name,
    description,
    shape: { rows: samples, features: 2, classes },
    generate: (options = {}) => ({ ...resolveSyntheticDataset({ ...options, seed: options.seed ?? 0, synthetic: id }), name }),
  };
}

export const FASHION_MNIST_SUBSET_FILES = {
  images: 'fashion-mnist-7k-images-idx3-ubyte.gz',
  labels: 'fashion-mnist-7k-labels-idx1-ubyte.gz',
} as const;
/** The subset's first rows come from Fashion-MNIST's training set, the rest from its test set. */
export const FASHION_MNIST_SUBSET_TRAIN = 6000;
export const FASHION_MNIST_SUBSET_TEST = 1000;

export const BUILTIN_DATASETS: BuiltinDataset[] = [
  synthetic('xor', 'XOR', "The tutorial's four points: not linearly separable, solved by one hidden layer."),
  synthetic('circles', 'Circles', 'A ring around a disc, with Gaussian noise.'),
  synthetic('moons', 'Moons', 'Two interleaving half circles, with Gaussian noise.'),
  synthetic('spirals', 'Two spirals', 'Two interleaved spirals: hard for small networks.'),
  synthetic('blobs', 'Gaussian blobs', 'Gaussian clusters in 2-D, one per class.'),
  {
    kind: 'asset',
    id: 'xor-tutorial',
    name: 'XOR as the first tutorial writes it',
    description: 'X = [[0,0,1],[0,1,1],[1,0,1],[1,1,1]], y = [0,1,1,0]: the third input is always 1 and does the work of a bias.',
    assets: ['xor-tutorial.csv'],
    shape: { rows: 4, features: 3, classes: 2 },
    load: (readAsset) => csvAsset(readAsset, 'xor-tutorial.csv', 'XOR as the first tutorial writes it', 'y', ['x3']),
  },
  {
    kind: 'asset',
    id: 'iris',
    name: 'Iris',
    description: "Fisher's 150 irises: 4 measurements (cm), 3 species.",
    assets: ['iris.csv'],
    shape: { rows: 150, features: 4, classes: 3 },
    load: (readAsset) => csvAsset(readAsset, 'iris.csv', 'Iris', 'species'),
  },
  {
    kind: 'asset',
    id: 'breast-cancer',
    name: 'Breast cancer (Wisconsin diagnostic)',
    description:
      '569 tumours, 30 features of cell nuclei, benign or malignant. The features range from thousandths to thousands (areas up to 4,254), so the forms standardize them when it is picked.',
    assets: ['breast-cancer.csv'],
    recommendedNormalization: 'standardize',
    shape: { rows: 569, features: 30, classes: 2 },
    load: (readAsset) => csvAsset(readAsset, 'breast-cancer.csv', 'Breast cancer (Wisconsin diagnostic)', 'diagnosis'),
  },
  {
    kind: 'asset',
    id: 'fashion-mnist-subset',
    name: 'Fashion-MNIST (7,000 images)',
    description: `28×28 grayscale clothing images, 10 classes: the first ${FASHION_MNIST_SUBSET_TRAIN} training images and the first ${FASHION_MNIST_SUBSET_TEST} test images, which are the validation split.`,
    assets: [FASHION_MNIST_SUBSET_FILES.images, FASHION_MNIST_SUBSET_FILES.labels],
    shape: { rows: FASHION_MNIST_SUBSET_TRAIN + FASHION_MNIST_SUBSET_TEST, features: 784, classes: 10 },
    load: async (readAsset) => {
      const { images, labels } = FASHION_MNIST_SUBSET_FILES;
      const dataset = await readIdxDataset(await readAsset(images), await readAsset(labels), {
        imagesFile: images,
        labelsFile: labels,
        classes: FASHION_MNIST_CLASSES,
        name: 'Fashion-MNIST (7,000 images)',
      });
      const range = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);
      const rows = FASHION_MNIST_SUBSET_TRAIN + FASHION_MNIST_SUBSET_TEST;
      dataset.split = { train: range(0, FASHION_MNIST_SUBSET_TRAIN), validation: range(FASHION_MNIST_SUBSET_TRAIN, rows) };
      return dataset;
    },
  },
];

export function builtinDataset(id: string): BuiltinDataset {
  const found = BUILTIN_DATASETS.find((d) => d.id === id);
  if (!found) throw new Error(`no built-in dataset '${id}' (there are: ${BUILTIN_DATASETS.map((d) => d.id).join(', ')})`);
  return found;
}
