import { describe, expect, it } from 'vitest';
import { formatGradcheckReport, gradientCheck } from '../../../../src/shared/nn/gradcheck';
import { getKernels } from '../../../../src/shared/nn/kernels';
import { LOSSES } from '../../../../src/shared/nn/losses';
import { createRng } from '../../../../src/shared/nn/rng';
import { binary, HIDDEN_ACTIVATIONS, OUTPUT_LOSS_PAIRS, randomMatrix, randomNetwork, targetsFor } from './helpers';

// The gradient-check suite (gradcheck.test.ts: every output activation × every loss it fits, on
// random nets with 2–3 hidden layers) rerun on the wasm backend in float32. Two checks per net:
//  - the wasm gradients against the ts float64 gradients of the same net (weights rounded to
//    float32), which gradcheck.test.ts proves right to 1e-7: agreement to float32 precision;
//  - the wasm gradients against central finite differences of the float32 objective itself. In
//    float32 the step h cannot be the float64 suite's 1e-5 (rounding noise ~u·|J|/h would drown
//    the difference), and with h = 3e-4 a ReLU unit whose input lies within h of its kink for
//    some sample bends the difference quotient (up to 7e-3 in these nets), so the threshold is
//    1e-2 — still ten times below the error of a gradient that is wrong by any real factor.


/** ‖g − ĝ‖ / (‖g‖ + ‖ĝ‖) over all entries. */
function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let difference = 0;
  let a = 0;
  let e = 0;
  for (let i = 0; i < expected.length; i++) {
    difference += (actual[i] - expected[i]) ** 2;
    a += actual[i] ** 2;
    e += expected[i] ** 2;
  }
  const scale = Math.sqrt(a) + Math.sqrt(e);
  return scale === 0 ? 0 : Math.sqrt(difference) / scale;
}

describe('gradient check on the wasm backend (float32)', () => {
  it('covers the same 16 activation × loss pairs as the float64 suite', () => {
    expect(OUTPUT_LOSS_PAIRS).toHaveLength(16);
  });

  OUTPUT_LOSS_PAIRS.forEach(({ output, loss }, index) => {
    const hiddenLayers = 2 + (index % 2);
    const hidden = Array.from({ length: hiddenLayers }, (_, l) => HIDDEN_ACTIVATIONS[(index + l) % HIDDEN_ACTIVATIONS.length]);
    it(`${hidden.join('→')} → ${output} with ${loss}`, () => {
      const sizes = [4, 6, 5, 4].slice(0, hiddenLayers + 1).concat(3);
      const activations = [...hidden, output];
      const network = randomNetwork(sizes, activations, { seed: 10 + index, dtype: 'float32', kernels: getKernels('wasm', 'float32') });
      const reference = randomNetwork(sizes, activations, { seed: 10 + index });
      // The float64 net gets exactly the float32 weights, so only the arithmetic differs.
      reference.parameters.forEach((p, t) => p.value.set(network.parameters[t].value));
      const m = 7;
      const X64 = randomMatrix(4 * m, createRng(100 + index));
      const X = Float32Array.from(X64);
      X64.set(X);
      const Y = targetsFor(loss, 3, m, 200 + index);

      reference.forward(X64, m);
      reference.backward(Y, LOSSES[loss]);
      network.forward(X, m);
      network.backward(Y, LOSSES[loss]);
      network.parameters.forEach((p, t) => {
        expect(relativeError(p.grad, reference.parameters[t].grad), p.name).toBeLessThan(1e-5);
      });

      const report = gradientCheck(network, X, Y, m, LOSSES[loss], { epsilon: 3e-4, threshold: 1e-2 });
      expect(report.tensors).toHaveLength(2 * (hiddenLayers + 1));
      expect(report.passed, formatGradcheckReport(report)).toBe(true);
    });
  });

  it('includes the L2 term on wasm as on ts', () => {
    const kernels = getKernels('wasm', 'float32');
    const network = randomNetwork([3, 5, 4, 2], ['tanh', 'relu', 'sigmoid'], { seed: 3, dtype: 'float32', kernels });
    const X = Float32Array.from(randomMatrix(3 * 6, createRng(4)));
    const Y = binary(2 * 6, createRng(5));
    const withL2 = gradientCheck(network, X, Y, 6, LOSSES.binaryCrossEntropy, { l2: 0.3, epsilon: 3e-4, threshold: 1e-2 });
    expect(withL2.passed, formatGradcheckReport(withL2)).toBe(true);
  });

  it('still detects a wrong gradient in float32', () => {
    const network = randomNetwork([3, 4, 2], ['tanh', 'linear'], { seed: 8, dtype: 'float32', kernels: getKernels('wasm', 'float32') });
    const X = Float32Array.from(randomMatrix(3 * 5, createRng(9)));
    const Y = randomMatrix(2 * 5, createRng(10));
    const wrong = { ...LOSSES.sse, gradient: LOSSES.mse.gradient, value: LOSSES.sse.value };
    const report = gradientCheck(network, X, Y, 5, { ...wrong, name: 'sse' }, { epsilon: 3e-4, threshold: 1e-2 });
    expect(report.passed).toBe(false);
    expect(report.maxRelativeError).toBeGreaterThan(1e-1);
  });
});
