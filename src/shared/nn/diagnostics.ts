import type { LayerDiagnostics } from '../schema/progress';
import { ACTIVATIONS } from './activations';
import type { FloatArray } from './kernels/types';
import type { Network } from './network';

// Per-layer health figures for the epoch events, so a user can see *why* a run stalls: weights
// and gradients growing or vanishing, updates too small relative to the weights, ReLUs that never
// fire, sigmoid/tanh units stuck in their flat tails, units that are copies of each other (the
// symmetry problem of zeros or constant initialization). Activation statistics accumulate over
// every batch the epoch's training-set metrics come from: its training steps' forward passes
// (running metrics; A before dropout) or an inference pass over the training set (full).

interface LayerTally {
  sum: number;
  sumSquares: number;
  count: number;
  saturated: number;
  /** 1 for each unit that was active (z > 0) for at least one sample. */
  everActive: Uint8Array;
}

export class DiagnosticsAccumulator {
  private readonly tallies: LayerTally[];

  constructor(private readonly network: Network) {
    this.tallies = network.layers.map((layer) => ({
      sum: 0,
      sumSquares: 0,
      count: 0,
      saturated: 0,
      everActive: new Uint8Array(layer.units),
    }));
  }

  /** Tally the activations of the network's last forward pass (m samples). */
  add(m: number): void {
    const layers = this.network.layers;
    for (let l = 0; l < layers.length; l++) {
      const tally = this.tallies[l];
      const a = this.network.activations(l);
      const { inactive, saturated } = ACTIVATIONS[layers[l].activation.name];
      // A kernel: this runs on every activation of every evaluated sample, each epoch.
      const summary = this.network.kernels.summarize(a, saturated?.below ?? -Infinity, saturated?.above ?? Infinity);
      tally.sum += summary.sum;
      tally.sumSquares += summary.sumSquares;
      tally.count += a.length;
      tally.saturated += summary.outside;
      if (inactive) this.markActive(tally.everActive, this.network.preActivations(l), m, inactive);
    }
  }

  private markActive(everActive: Uint8Array, z: FloatArray, m: number, inactive: (z: number) => boolean): void {
    for (let unit = 0; unit < everActive.length; unit++) {
      if (everActive[unit]) continue;
      for (let j = 0; j < m; j++) {
        if (!inactive(z[unit * m + j])) {
          everActive[unit] = 1;
          break;
        }
      }
    }
  }

  /**
   * Units of layer l that differ from every other: two units are copies when their incoming
   * weights (row of W[l]), their bias and their outgoing weights (column of W[l+1]) are all equal,
   * because then they compute the same output and receive the same gradient forever.
   */
  private distinctUnits(l: number): number {
    const layers = this.network.layers;
    const { W, b, inputs, units } = layers[l];
    const next = layers[l + 1];
    const same = (i: number, j: number): boolean => {
      if (b[i] !== b[j]) return false;
      for (let k = 0; k < inputs; k++) if (W[i * inputs + k] !== W[j * inputs + k]) return false;
      if (next) for (let r = 0; r < next.units; r++) if (next.W[r * units + i] !== next.W[r * units + j]) return false;
      return true;
    };
    // Units are bucketed by their first incoming weight, so random weights cost one comparison each.
    const representatives = new Map<number, number[]>();
    let distinct = 0;
    for (let i = 0; i < units; i++) {
      const key = W[i * inputs];
      const bucket = representatives.get(key);
      if (bucket?.some((j) => same(i, j))) continue;
      distinct++;
      if (bucket) bucket.push(i);
      else representatives.set(key, [i]);
    }
    return distinct;
  }

  /**
   * The diagnostics of every layer. `previousW` holds each layer's W before the last update
   * (null when no update happened), for the update/weight ratio.
   */
  result(previousW: readonly FloatArray[] | null): LayerDiagnostics[] {
    const k = this.network.kernels;
    return this.network.layers.map((layer, l) => {
      const tally = this.tallies[l];
      const weightNorm = Math.sqrt(k.sumSquares(layer.W));
      const mean = tally.count ? tally.sum / tally.count : 0;
      const variance = tally.count ? Math.max(0, tally.sumSquares / tally.count - mean * mean) : 0;
      const activation = ACTIVATIONS[layer.activation.name];
      let dead = 0;
      if (activation.inactive) for (const active of tally.everActive) if (!active) dead++;
      return {
        weightNorm,
        gradientNorm: Math.sqrt(k.sumSquares(layer.dW)),
        updateRatio: previousW && weightNorm > 0 ? Math.sqrt(k.sumSquaredDifferences(layer.W, previousW[l])) / weightNorm : 0,
        activationMean: mean,
        activationStd: Math.sqrt(variance),
        deadFraction: activation.inactive && tally.count ? dead / layer.units : 0,
        saturatedFraction: tally.count ? tally.saturated / tally.count : 0,
        distinctUnits: this.distinctUnits(l),
      };
    });
  }
}
