import type { FloatArray, Kernels } from './kernels/types';
import type { Rng } from './rng';

// L2 weight decay and inverted dropout. L2 adds λ/2·Σ‖W[l]‖² to the loss (biases are not
// decayed), so its gradient is λ·W[l]. Inverted dropout zeroes each output with probability p
// during training and scales the survivors by 1/(1 − p), so inference needs no rescaling and
// simply skips the mask.

/** What L2 reads of a network (network.ts imports this file, so it names no Network). */
interface WeightedLayers {
  layers: readonly { W: FloatArray; dW: FloatArray }[];
  kernels: Pick<Kernels, 'sumSquares' | 'axpy'>;
}

/** Fill an inverted-dropout mask: each entry is 0 with probability `rate`, else 1/(1 − rate). */
export function drawDropoutMask(mask: FloatArray, rate: number, rng: Rng): void {
  const keep = 1 / (1 - rate);
  for (let i = 0; i < mask.length; i++) mask[i] = rng.next() < rate ? 0 : keep;
}

/** λ/2·Σ_l ‖W[l]‖²: the L2 term of the objective. */
export function l2Penalty(network: WeightedLayers, lambda: number): number {
  if (lambda === 0) return 0;
  let s = 0;
  for (const layer of network.layers) s += network.kernels.sumSquares(layer.W);
  return 0.5 * lambda * s;
}

/** dW[l] += λ·W[l] for every layer, after backward. */
export function addL2Gradient(network: WeightedLayers, lambda: number): void {
  if (lambda === 0) return;
  for (const layer of network.layers) network.kernels.axpy(lambda, layer.W, layer.dW);
}
