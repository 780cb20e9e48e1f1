import { spawnSync } from 'node:child_process';
import { ACTIVATION_NAMES, type ActivationName } from '../../../../src/shared/schema/names';
import { createRng } from '../../../../src/shared/nn/rng';
import { Network } from '../../../../src/shared/nn/network';
import { exportWeights } from '../../../../src/shared/nn/weights-json';
import { normalizationInverse } from '../../../../src/shared/schema/normalization';
import type { WeightsFile } from '../../../../src/shared/schema/weights';

// Networks to export in the tests: for every activation, a classifier and a regressor with
// normalized inputs, weights drawn from a seed (large enough that sigmoid and tanh leave their
// linear middle), and raw feature rows around the normalization statistics.

export const FEATURES = ['width', 'height', 'constant', 'weight'];
export const CLASSES = ['low', 'mid', 'high'];

export interface ExportCase {
  name: string;
  file: WeightsFile;
  rows: number;
  /** rows × features, raw (not normalized). */
  x: Float64Array;
}

const spec = (name: ActivationName) => ({ name, slope: name === 'leakyRelu' ? 0.2 : 0 });

function build(
  name: string,
  layers: [number, ActivationName, { bias: false }?][],
  output: WeightsFile['output'],
  normalization: WeightsFile['input']['normalization'],
  seed: number,
): ExportCase {
  const network = new Network({
    inputs: FEATURES.length,
    dtype: 'float64',
    layers: layers.map(([units, activation, options]) => ({ units, activation: spec(activation), bias: options?.bias ?? true })),
  });
  const rng = createRng(seed);
  // Twice He's scale: units spread over their whole range, sigmoid and tanh into their tails.
  network.layers.forEach((layer) => {
    for (let i = 0; i < layer.W.length; i++) layer.W[i] = 2 * Math.sqrt(2 / layer.inputs) * rng.normal();
    if (layer.bias) for (let i = 0; i < layer.b.length; i++) layer.b[i] = 0.5 * rng.normal();
  });
  const file = exportWeights(network, { features: FEATURES, normalization, output });
  const rows = 40;
  // Raw rows around the statistics (the constant feature constant), or standard normal without normalization.
  const [center, spread] = normalization.kind === 'none' ? [[0, 0, 0, 0], [1, 1, 1, 1]] : [[10, 170, 3, 70], [4, 20, 0, 15]];
  const x = Float64Array.from({ length: rows * FEATURES.length }, (_, k) => center[k % 4] + spread[k % 4] * rng.normal());
  return { name, file, rows, x };
}

const STANDARDIZE: WeightsFile['input']['normalization'] = { kind: 'standardize', mean: [10, 170, 3, 70], std: [4, 20, 0, 15] };
const MINMAX: WeightsFile['input']['normalization'] = { kind: 'minmax', min: [2, 130, 3, 40], max: [18, 210, 3, 100] };

/** Every activation in a classifier and in a regressor (softmax, output-only, as their output). */
export function exportCases(): ExportCase[] {
  return ACTIVATION_NAMES.flatMap((activation, i) => {
    const hidden: ActivationName = activation === 'softmax' ? 'tanh' : activation;
    return [
      build(`classifier, ${activation}`, [[6, hidden], [5, hidden], [3, 'softmax']], { task: 'classification', classes: CLASSES }, STANDARDIZE, 10 + i),
      build(
        `regressor, ${activation}`,
        activation === 'softmax' ? [[6, 'relu'], [2, 'softmax']] : [[6, hidden], [2, activation === 'linear' ? 'linear' : activation]],
        { task: 'regression', targets: ['y1', 'y2'] },
        MINMAX,
        20 + i,
      ),
    ];
  }).concat(
    build('binary classifier, one sigmoid unit', [[4, 'relu'], [1, 'sigmoid']], { task: 'classification', classes: ['no', 'yes'] }, { kind: 'none' }, 40),
    build('classifier, layers without bias', [[6, 'tanh', { bias: false }], [3, 'softmax', { bias: false }]], { task: 'classification', classes: CLASSES }, STANDARDIZE, 41),
    // Trained on scaled targets: the exports undo the scaling, so their outputs are in target units.
    build('regressor, standardized targets', [[6, 'tanh'], [2, 'linear']], { task: 'regression', targets: ['y1', 'y2'], scaling: { kind: 'standardize', mean: [152.1, -3], std: [77.0, 0.5] } }, STANDARDIZE, 42),
    build('regressor, min-max targets', [[5, 'relu'], [2, 'sigmoid']], { task: 'regression', targets: ['y1', 'y2'], scaling: { kind: 'minmax', min: [25, 0], max: [346, 1000] } }, { kind: 'none' }, 43),
  );
}

/** A Python 3 that can import `module` (the one on PATH first, then Debian's), or null. */
export function pythonWith(module: string): string | null {
  for (const python of ['python3', '/usr/bin/python3']) {
    if (spawnSync(python, ['-c', `import ${module}`], { encoding: 'utf8' }).status === 0) return python;
  }
  return null;
}

/** Test title that says when and why it is skipped. */
export function unless(python: string | null, title: string, module: string): string {
  return python ? title : `${title} — SKIPPED: no python3 that can import ${module} (apt-get install -y python3-${module})`;
}

/**
 * Largest |a − b| / max(1, |b|) over outputs in the network's own units: with a target scaling,
 * both are first mapped back by (v − shift) / scale, so rounding is judged against the outputs the
 * network computed rather than amplified by the scale.
 */
export function maxRelativeDifference(a: ArrayLike<number>, b: readonly number[], file?: WeightsFile): number {
  const width = file ? file.layers[file.layers.length - 1].b.length : 1;
  const scaling = file?.output.task === 'regression' ? file.output.scaling : undefined;
  const { scale, shift } = scaling ? normalizationInverse(scaling, width) : { scale: new Array<number>(width).fill(1), shift: new Array<number>(width).fill(0) };
  let worst = 0;
  for (let k = 0; k < b.length; k++) {
    const i = k % width;
    const ours = (b[k] - shift[i]) / scale[i];
    worst = Math.max(worst, Math.abs((a[k] - shift[i]) / scale[i] - ours) / Math.max(1, Math.abs(ours)));
  }
  return worst;
}
