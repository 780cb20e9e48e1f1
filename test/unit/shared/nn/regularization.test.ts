import { describe, expect, it } from 'vitest';
import { getKernels } from '../../../../src/shared/nn/kernels';
import { addL2Gradient, drawDropoutMask, l2Penalty } from '../../../../src/shared/nn/regularization';
import { createRng } from '../../../../src/shared/nn/rng';

// L2 weight decay (λ/2·Σ‖W‖² and its gradient λ·W, biases untouched) and inverted-dropout masks.

const layers = () => ({
  layers: [
    { W: Float64Array.of(1, -2), dW: Float64Array.of(0.5, 0.5) },
    { W: Float64Array.of(3), dW: Float64Array.of(-1) },
  ],
  kernels: getKernels('ts'),
});

describe('L2 weight decay', () => {
  it('adds λ/2·Σ‖W[l]‖² over every layer', () => {
    expect(l2Penalty(layers(), 0.1)).toBeCloseTo(0.05 * (1 + 4 + 9), 15);
    expect(l2Penalty(layers(), 0)).toBe(0);
  });

  it('adds λ·W[l] to dW[l] of every layer', () => {
    const network = layers();
    addL2Gradient(network, 0.5);
    expect(network.layers.map((l) => Array.from(l.dW))).toEqual([[1, -0.5], [0.5]]);
  });

  it('with λ = 0, leaves the loss and gradient alone even when weights have diverged', () => {
    const network = layers();
    network.layers[1].W[0] = Infinity;
    expect(l2Penalty(network, 0)).toBe(0);
    addL2Gradient(network, 0);
    expect(network.layers.map((l) => Array.from(l.dW))).toEqual([[0.5, 0.5], [-1]]);
  });
});

describe('inverted dropout mask', () => {
  // createRng(0) draws 0.1276…, 0.2554…, 0.5167…, 0.3874… (548183886, 1097162541, 2219297441, 1664216021 / 2³²).
  it('drops an entry when its draw is below the rate, and scales the rest by 1/(1 − rate)', () => {
    const mask = new Float64Array(4);
    drawDropoutMask(mask, 0.5, createRng(0));
    expect(Array.from(mask)).toEqual([0, 0, 2, 0]);
    drawDropoutMask(mask, 0.25, createRng(0));
    expect(Array.from(mask)).toEqual([0, 4 / 3, 4 / 3, 4 / 3]);
  });

  it('keeps an entry whose draw equals the rate (drops with probability exactly rate)', () => {
    const mask = new Float64Array(2);
    drawDropoutMask(mask, 1097162541 / 2 ** 32, createRng(0));
    expect(mask[0]).toBe(0);
    expect(mask[1]).toBeGreaterThan(1);
  });

  it('draws one number per entry, so consecutive masks continue the stream', () => {
    const rng = createRng(0);
    const first = new Float64Array(2);
    const second = new Float64Array(2);
    drawDropoutMask(first, 0.25, rng);
    drawDropoutMask(second, 0.25, rng);
    const all = new Float64Array(4);
    drawDropoutMask(all, 0.25, createRng(0));
    expect([...first, ...second]).toEqual(Array.from(all));
    const fresh = createRng(0);
    for (let i = 0; i < 4; i++) fresh.next();
    expect(rng.next()).toBe(fresh.next());
  });
});
