import type { ActivationName, DType } from '../../../../src/shared/schema/names';
import { resolveActivation } from '../../../../src/shared/nn/activations';
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
