import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../../../src/shared/nn/activations';
import { clampedSamples, DivergenceGuard } from '../../../../src/shared/nn/divergence';
import { LOG_EPSILON, LOSSES } from '../../../../src/shared/nn/losses';
import { Network } from '../../../../src/shared/nn/network';

// The guard's three signs at their limits, on a 1 → 1 sigmoid network: a loss that is not a
// number; a quarter or more of the batch at the clamp of the log; ‖W‖ beyond 1e3 and beyond 10,000
// times its initial norm.

function guarded(initialW: number) {
  const network = new Network({ inputs: 1, dtype: 'float64', layers: [{ units: 1, activation: resolveActivation('sigmoid') }] });
  network.layers[0].W[0] = initialW;
  return { network, guard: new DivergenceGuard(network, LOSSES.binaryCrossEntropy) };
}

describe('DivergenceGuard', () => {
  it('names a loss that is NaN or infinite', () => {
    const { guard } = guarded(0.5);
    expect(guard.check(NaN, Float64Array.of(0), 1)).toEqual({ kind: 'non-finite', what: 'the loss became NaN' });
    expect(guard.check(Infinity, Float64Array.of(0), 1)).toEqual({ kind: 'non-finite', what: 'the loss became infinite' });
  });

  it('stops a batch with a quarter or more of its samples clamped on the wrong side, not fewer', () => {
    // W = 100: the sample with x = 1 is predicted 1 − 4e-44 against a target of 0; x = 0 gives 0.5.
    const { network, guard } = guarded(100);
    network.forward(Float64Array.of(1, 0, 0, 0), 4);
    expect(guard.check(5, Float64Array.of(0, 0, 1, 0), 4)).toMatchObject({
      kind: 'clamped',
      what: expect.stringMatching(/^the loss sits at the clamp of the log: 1 of the batch's 4 samples are predicted 0 or 1/),
    });
    network.forward(Float64Array.of(1, 0, 0, 0, 0), 5);
    expect(guard.check(5, Float64Array.of(0, 0, 1, 0, 1), 5)).toBeNull();
    // Predicted 1 where the target is 1 is right, not clamped.
    network.forward(Float64Array.of(1, 0, 0, 0), 4);
    expect(guard.check(5, Float64Array.of(1, 0, 1, 0), 4)).toBeNull();
  });

  it('counts an output as clamped only strictly past ε or 1 − ε, where the loss clips it', () => {
    const count = (p: number, t: number) => clampedSamples(Float64Array.of(p), Float64Array.of(t), 1, 1, true);
    expect([count(LOG_EPSILON, 1), count(LOG_EPSILON / 2, 1)]).toEqual([0, 1]);
    expect([count(1 - LOG_EPSILON, 0), count(1, 0)]).toEqual([0, 1]);
  });

  it('never calls an empty batch clamped', () => {
    const { network, guard } = guarded(100);
    network.forward(new Float64Array(0), 0);
    expect(guard.check(0, new Float64Array(0), 0)).toBeNull();
  });

  it('checks only the ε side for categorical cross-entropy, whose loss never takes ln(1 − A)', () => {
    // Two sigmoid outputs (CCE does not need softmax) both predicted 1: the non-target one at 1 − 4e-44
    // leaves the loss alone, since −Σ y·ln A has no term for it.
    const network = new Network({ inputs: 1, dtype: 'float64', layers: [{ units: 2, activation: resolveActivation('sigmoid') }] });
    network.layers[0].W.set([100, 100]);
    const guard = new DivergenceGuard(network, LOSSES.categoricalCrossEntropy);
    network.forward(Float64Array.of(1), 1);
    expect(guard.check(1e-15, Float64Array.of(1, 0), 1)).toBeNull();
  });

  it('leaves a loss on outputs that are not probabilities (MSE) to the other signs: no clamp there', () => {
    // W = −100: x = 1 is predicted 4e-44 against a target of 1, "clamped" only for a log loss.
    const network = new Network({ inputs: 1, dtype: 'float64', layers: [{ units: 1, activation: resolveActivation('sigmoid') }] });
    network.layers[0].W[0] = -100;
    const guard = new DivergenceGuard(network, LOSSES.mse);
    network.forward(Float64Array.of(1, 1, 1, 1), 4);
    expect(guard.check(0.9, Float64Array.of(1, 1, 1, 1), 4)).toBeNull();
  });

  it('stops weights beyond 1e3 that grew more than 10,000 times, and names the layer, size and growth', () => {
    const at = (initialW: number, W: number) => {
      const { network, guard } = guarded(initialW);
      network.layers[0].W[0] = W;
      network.forward(Float64Array.of(0), 1);
      return guard.check(0.5, Float64Array.of(1), 1);
    };
    expect(at(0.05, 1000)).toBeNull();
    expect(at(0.05, 1001)).toEqual({ kind: 'weights', what: "the weights blew up: layer 1's ‖W‖ reached 1000, 2.0e4 times its 0.05 after initialization" });
    // Beyond 1e3 but not 10,000 times its start: a large network, not a diverged one.
    expect(at(1, 10_000)).toBeNull();
    expect(at(1, 10_001)).toEqual({ kind: 'weights', what: "the weights blew up: layer 1's ‖W‖ reached 1.0e4, 1.0e4 times its 1 after initialization" });
    // From 1e4 up, and below 1e-3 (1e-3 itself is 0.001), figures are written in exponent form.
    expect(at(0.5, 10_000)).toEqual({ kind: 'weights', what: "the weights blew up: layer 1's ‖W‖ reached 1.0e4, 2.0e4 times its 0.5 after initialization" });
    expect(at(0.001, 1001)).toEqual({ kind: 'weights', what: "the weights blew up: layer 1's ‖W‖ reached 1000, 1.0e6 times its 0.001 after initialization" });
    expect(at(0.0005, 1001)).toEqual({ kind: 'weights', what: "the weights blew up: layer 1's ‖W‖ reached 1000, 2.0e6 times its 5.0e-4 after initialization" });
    expect(at(0, 2000)).toEqual({ kind: 'weights', what: "the weights blew up: layer 1's ‖W‖ reached 2000 (it started at 0)" });
    expect(at(1, Infinity)).toEqual({ kind: 'weights', what: "the weights blew up: layer 1's ‖W‖ overflowed" });
  });
});
