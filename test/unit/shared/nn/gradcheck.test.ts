import { describe, expect, it } from 'vitest';
import { formatGradcheckReport, gradientCheck } from '../../../../src/shared/nn/gradcheck';
import { getKernels } from '../../../../src/shared/nn/kernels';
import { LOSSES } from '../../../../src/shared/nn/losses';
import { createRng } from '../../../../src/shared/nn/rng';
import { ACTIVATION_NAMES, LOSS_NAMES } from '../../../../src/shared/schema/names';
import { binary, HIDDEN_ACTIVATIONS, oneHot, OUTPUT_LOSS_PAIRS, randomMatrix, randomNetwork, targetsFor } from './helpers';

// Backpropagation against central finite differences, in float64, on random nets with 2–3 hidden
// layers: every output activation × every loss whose domain the activation's range fits
// (the cross-entropies need outputs in (0, 1), so they pair with sigmoid and softmax).


describe('gradient check (float64)', () => {
  it('covers every activation at the output and every loss', () => {
    expect(new Set(OUTPUT_LOSS_PAIRS.map((c) => c.output))).toEqual(new Set(ACTIVATION_NAMES));
    expect(new Set(OUTPUT_LOSS_PAIRS.map((c) => c.loss))).toEqual(new Set(LOSS_NAMES));
    expect(OUTPUT_LOSS_PAIRS).toHaveLength(16);
  });

  // On both float64 backends (the wasm one gives the ts one's bits: kernels-wasm-float64.test.ts).
  OUTPUT_LOSS_PAIRS.forEach(({ output, loss }, index) => {
    const hiddenLayers = 2 + (index % 2);
    const hidden = Array.from({ length: hiddenLayers }, (_, l) => HIDDEN_ACTIVATIONS[(index + l) % HIDDEN_ACTIVATIONS.length]);
    it.each(['ts', 'wasm'] as const)(`${hidden.join('→')} → ${output} with ${loss} on %s`, (backend) => {
      const sizes = [4, 6, 5, 4].slice(0, hiddenLayers + 1).concat(3);
      const network = randomNetwork(sizes, [...hidden, output], { seed: 10 + index, kernels: getKernels(backend, 'float64') });
      expect(network.kernels.name).toBe(backend);
      const m = 7;
      const X = randomMatrix(4 * m, createRng(100 + index));
      const Y = targetsFor(loss, 3, m, 200 + index);
      const report = gradientCheck(network, X, Y, m, LOSSES[loss]);
      expect(report.tensors).toHaveLength(2 * (hiddenLayers + 1));
      expect(report.maxRelativeError, formatGradcheckReport(report)).toBeLessThan(1e-7);
      expect(report.passed).toBe(true);
    });
  });

  it('every hidden activation appears in some checked net', () => {
    const used = new Set(OUTPUT_LOSS_PAIRS.flatMap((_, index) => [0, 1, 2].map((l) => HIDDEN_ACTIVATIONS[(index + l) % HIDDEN_ACTIVATIONS.length])));
    expect(used).toEqual(new Set(HIDDEN_ACTIVATIONS));
  });

  it('includes the L2 term λ/2·Σ‖W‖² in the gradient', () => {
    const network = randomNetwork([3, 5, 4, 2], ['tanh', 'relu', 'sigmoid'], { seed: 3 });
    const X = randomMatrix(3 * 6, createRng(4));
    const Y = binary(2 * 6, createRng(5));
    const withL2 = gradientCheck(network, X, Y, 6, LOSSES.binaryCrossEntropy, { l2: 0.3 });
    expect(withL2.maxRelativeError).toBeLessThan(1e-7);
    const without = gradientCheck(network, X, Y, 6, LOSSES.binaryCrossEntropy);
    // dW differs by exactly λ·W, and db not at all.
    network.parameters.forEach((p, t) => {
      for (let i = 0; i < p.value.length; i++) {
        const expected = without.analytic[t][i] + (p.kind === 'W' ? 0.3 * p.value[i] : 0);
        expect(withL2.analytic[t][i]).toBeCloseTo(expected, 14);
      }
    });
  });

  it('detects a wrong gradient', () => {
    const network = randomNetwork([3, 4, 2], ['tanh', 'linear'], { seed: 8 });
    const X = randomMatrix(3 * 5, createRng(9));
    const Y = randomMatrix(2 * 5, createRng(10));
    // A loss whose gradient is off by a factor 2 must fail the check.
    const wrong = { ...LOSSES.sse, gradient: LOSSES.mse.gradient, value: LOSSES.sse.value };
    const report = gradientCheck(network, X, Y, 5, { ...wrong, name: 'sse' });
    expect(report.passed).toBe(false);
    expect(report.maxRelativeError).toBeGreaterThan(1e-2);
    expect(formatGradcheckReport(report)).toMatch(/^FAIL: largest relative error/m);
  });

  it('samples entries of large tensors when asked, deterministically', () => {
    const network = randomNetwork([20, 30, 3], ['relu', 'softmax'], { seed: 2 });
    const X = randomMatrix(20 * 4, createRng(3));
    const Y = oneHot(3, 4, createRng(4));
    const report = gradientCheck(network, X, Y, 4, LOSSES.categoricalCrossEntropy, { maxEntriesPerTensor: 25, seed: 7 });
    expect(report.tensors.map((t) => [t.checked, t.total])).toEqual([[25, 600], [25, 30], [25, 90], [3, 3]]);
    expect(report.maxRelativeError).toBeLessThan(1e-7);
  });
});
