import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../src/shared/data/dataset';
import { FASHION_MNIST_CLASSES, readIdxDataset } from '../src/shared/data/idx';
import type { ExperimentInput } from '../src/shared/schema/experiment';
import type { BackendName } from '../src/shared/nn/kernels';
import type { DType } from '../src/shared/schema/names';

// The two training workloads every bench table times (issue 2's and issue 7's), defined once so
// the tables measure the same thing: two spirals 2-16-16-1 and Fashion-MNIST 784-128-10.

export const FASHION_DIR = '/usr/share/datasets/fashion-mnist';
export const SPIRALS = { synthetic: 'spirals', samples: 1000, noise: 0.1, seed: 1 } as const;

/** 2-16-16-1 tanh/tanh/sigmoid, BCE, SGD 0.1, batch 16, 200 epochs. */
export function spiralsExperiment(dtype: DType, backend: BackendName): ExperimentInput {
  return {
    dataset: SPIRALS,
    model: {
      layers: [
        { units: 16, activation: 'tanh' },
        { units: 16, activation: 'tanh' },
        { units: 1, activation: 'sigmoid' },
      ],
      init: 'heNormal',
      loss: 'binaryCrossEntropy',
    },
    training: { optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 16, epochs: 200, dtype, backend },
  };
}

/** 784-128-10 relu/softmax, CCE, SGD 0.1, batch 64. */
export function fashionExperiment(dtype: DType, backend: BackendName, epochs: number): ExperimentInput {
  return {
    dataset: { idx: { images: 'train-images-idx3-ubyte.gz', labels: 'train-labels-idx1-ubyte.gz' } },
    model: {
      layers: [
        { units: 128, activation: 'relu' },
        { units: 10, activation: 'softmax' },
      ],
      init: 'heNormal',
      loss: 'categoricalCrossEntropy',
    },
    training: { optimizer: { name: 'sgd', learningRate: 0.1 }, batchSize: 64, epochs, dtype, backend },
  };
}

/** Fashion-MNIST train (60,000 rows) and test (10,000) as one dataset whose validation split is the test set. */
export async function loadFashion(): Promise<Dataset> {
  const read = (kind: string) =>
    readIdxDataset(readFileSync(join(FASHION_DIR, `${kind}-images-idx3-ubyte.gz`)), readFileSync(join(FASHION_DIR, `${kind}-labels-idx1-ubyte.gz`)), {
      imagesFile: `${kind}-images`,
      labelsFile: `${kind}-labels`,
      classes: FASHION_MNIST_CLASSES,
    });
  const train = await read('train');
  const test = await read('t10k');
  if (train.target.kind !== 'classes' || test.target.kind !== 'classes') throw new Error('IDX targets are classes');
  const rows = train.rows + test.rows;
  const x = new Float32Array(rows * train.features);
  x.set(train.x);
  x.set(test.x, train.x.length);
  const labels = new Int32Array(rows);
  labels.set(train.target.labels);
  labels.set(test.target.labels, train.rows);
  const range = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);
  return {
    ...train,
    name: 'fashion-mnist',
    rows,
    x,
    target: { kind: 'classes', classes: FASHION_MNIST_CLASSES, labels },
    split: { train: range(0, train.rows), validation: range(train.rows, rows) },
  };
}

/** Writes the spirals points as rows of (x1, x2, label) in raw float64, the peers' input; returns the file. */
export function writeSpiralsForPeers(dataset: Dataset, file: string): string {
  const data = new Float64Array(dataset.rows * 3);
  const labels = dataset.target.kind === 'classes' ? dataset.target.labels : new Int32Array(dataset.rows);
  for (let r = 0; r < dataset.rows; r++) data.set([dataset.x[2 * r], dataset.x[2 * r + 1], labels[r]], 3 * r);
  writeFileSync(file, new Uint8Array(data.buffer));
  return file;
}
