import { ACTIVATION_NAMES, LOSS_NAMES, type ActivationName, type DType, type LossName } from '../../../../src/shared/schema/names';
import { ACTIVATIONS, resolveActivation } from '../../../../src/shared/nn/activations';
import { LOSSES } from '../../../../src/shared/nn/losses';
import type { FloatArray, Kernels } from '../../../../src/shared/nn/kernels/types';
import { allocate, Network } from '../../../../src/shared/nn/network';
import { createRng, type Rng } from '../../../../src/shared/nn/rng';

// Small random networks and batches for the numeric-core tests.

export function randomNetwork(
  sizes: number[],
  activations: ActivationName[],
  { seed = 1, std = 0.5, dtype = 'float64' as DType, dropout = [] as number[], kernels = undefined as Kernels | undefined } = {},
): Network {
  const network = new Network({
    inputs: sizes[0],
    dtype,
    kernels,
    layers: activations.map((name, l) => ({
      units: sizes[l + 1],
      activation: resolveActivation(name === 'leakyRelu' ? { name, slope: 0.1 } : name),
      dropout: dropout[l] ?? 0,
    })),
  });
  const rng = createRng(seed);
  for (const p of network.parameters) for (let i = 0; i < p.value.length; i++) p.value[i] = std * rng.normal();
  return network;
}

export function randomMatrix(length: number, rng: Rng, dtype: DType = 'float64', std = 1): FloatArray {
  const out = allocate(dtype, length);
  for (let i = 0; i < length; i++) out[i] = std * rng.normal();
  return out;
}

/** One-hot columns (rows classes × m samples). */
export function oneHot(rows: number, m: number, rng: Rng): Float64Array {
  const y = new Float64Array(rows * m);
  for (let j = 0; j < m; j++) y[rng.int(rows) * m + j] = 1;
  return y;
}

/** Entries 0 or 1 at random. */
export function binary(length: number, rng: Rng): Float64Array {
  return Float64Array.from({ length }, () => (rng.next() < 0.5 ? 0 : 1));
}

/** Activations the gradient checks put on hidden layers. */
export const HIDDEN_ACTIVATIONS: ActivationName[] = ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'linear'];

/** Every output activation × every loss whose domain the activation's range fits. */
export const OUTPUT_LOSS_PAIRS = ACTIVATION_NAMES.flatMap((output) =>
  LOSS_NAMES.filter((loss) => {
    const [low, high] = ACTIVATIONS[output].range;
    return !LOSSES[loss].needsProbabilities || (low >= 0 && high <= 1);
  }).map((loss) => ({ output, loss })),
);

/** Targets of the kind `loss` expects: one-hot columns, 0/1 values or real numbers. */
export function targetsFor(loss: LossName, rows: number, m: number, seed: number): Float64Array {
  const rng = createRng(seed);
  if (loss === 'categoricalCrossEntropy') return oneHot(rows, m, rng);
  if (loss === 'binaryCrossEntropy') return binary(rows * m, rng);
  return randomMatrix(rows * m, rng) as Float64Array;
}
