import { LOG_EPSILON, type Loss } from './losses';
import type { FloatArray } from './kernels/types';
import type { Network } from './network';

// Whether a training step has diverged, checked after every batch, so a run that blows up ends as
// failed with the epoch, the batch and the likely cause instead of training on to "done" with
// meaningless weights. Three signs:
//  - the loss is not a number (NaN or infinite);
//  - the loss sits at the clamp of the log: a cross-entropy clips outputs to [ε, 1 − ε] (ε = 1e-15)
//    so ln never sees 0; a sample whose output is clipped on the wrong side (target 1, output < ε)
//    has a loss stuck at −ln ε ≈ 34.5 however wrong it is. A quarter of a batch there means the
//    outputs are saturated at 0 and 1 with no regard for the targets: the weights have diverged;
//  - a layer's weights blew up: ‖W‖ beyond 1e3 and ten thousand times its size after
//    initialization. No working network of these sizes has such weights; the activations they
//    produce saturate or overflow.

/** Share of a batch's samples at the clamp that counts as diverged. */
export const CLAMPED_SHARE = 0.25;
/** ‖W[l]‖ above this (and above WEIGHT_GROWTH × its initial norm) counts as blown up. */
export const WEIGHT_LIMIT = 1e3;
export const WEIGHT_GROWTH = 1e4;

export interface Divergence {
  /** What happened, e.g. "the loss became infinite". */
  what: string;
  /** Which of the three signs. */
  kind: 'non-finite' | 'clamped' | 'weights';
}

/** 3 significant digits, or 2 in exponent form (2.1e28) beyond 1e4: never a row of digits. */
const figure = (value: number) => (Math.abs(value) >= 1e4 || Math.abs(value) < 1e-3 ? value.toExponential(1).replace('e+', 'e') : String(Number(value.toPrecision(3))));

/**
 * Samples (columns of the outputs × m batch) with at least one output clipped on the wrong side of
 * its target: below ε where the target is positive and, when `bothSides` (binary cross-entropy,
 * whose loss also takes ln(1 − A)), above 1 − ε where the target is below 1.
 */
export function clampedSamples(a: FloatArray, y: FloatArray, outputs: number, m: number, bothSides: boolean): number {
  let count = 0;
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < outputs; i++) {
      const p = a[i * m + j];
      const t = y[i * m + j];
      if ((t > 0 && p < LOG_EPSILON) || (bothSides && t < 1 && p > 1 - LOG_EPSILON)) {
        count++;
        break;
      }
    }
  }
  return count;
}

export class DivergenceGuard {
  private readonly initialNorms: number[];

  constructor(
    private readonly network: Network,
    private readonly loss: Loss,
  ) {
    this.initialNorms = network.layers.map((layer) => Math.sqrt(network.kernels.sumSquares(layer.W)));
  }

  /** After a training step on m samples with targets Y and batch loss `value`: null, or how it diverged. */
  check(value: number, Y: FloatArray, m: number): Divergence | null {
    if (!Number.isFinite(value)) return { kind: 'non-finite', what: `the loss became ${Number.isNaN(value) ? 'NaN' : 'infinite'}` };
    const network = this.network;
    if (this.loss.needsProbabilities) {
      const output = network.activations(network.layers.length - 1);
      const clamped = clampedSamples(output, Y, network.outputs, m, this.loss.name === 'binaryCrossEntropy');
      if (clamped > 0 && clamped >= CLAMPED_SHARE * m) {
        return {
          kind: 'clamped',
          what:
            `the loss sits at the clamp of the log: ${clamped} of the batch's ${m} samples are predicted 0 or 1 (within 1e-15) on the wrong side, ` +
            `so each one's loss is stuck at −ln(1e-15) ≈ 34.5 and no longer says how wrong it is`,
        };
      }
    }
    for (let l = 0; l < network.layers.length; l++) {
      const norm = Math.sqrt(network.kernels.sumSquares(network.layers[l].W));
      const initial = this.initialNorms[l];
      if (!Number.isFinite(norm) || (norm > WEIGHT_LIMIT && norm > WEIGHT_GROWTH * initial)) {
        const size = Number.isFinite(norm) ? `reached ${figure(norm)}` : 'overflowed';
        const from = initial > 0 ? `, ${figure(norm / initial)} times its ${figure(initial)} after initialization` : ' (it started at 0)';
        return { kind: 'weights', what: `the weights blew up: layer ${l + 1}'s ‖W‖ ${size}${Number.isFinite(norm) ? from : ''}` };
      }
    }
    return null;
  }
}
