import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../../../src/shared/nn/activations';
import { centralDifference, formatGradcheckReport, gradientCheck, relativeError } from '../../../../src/shared/nn/gradcheck';
import { LOSSES } from '../../../../src/shared/nn/losses';
import { Network } from '../../../../src/shared/nn/network';
import { createRng } from '../../../../src/shared/nn/rng';
import { randomMatrix, randomNetwork } from './helpers';

// One linear unit on one sample (x = 2, y = 0) with sse: J(w, b) = (2w + b)², so with w = 0.5 and
// b = 0.25, ∂J/∂w = 4(2w + b) = 5 and ∂J/∂b = 2(2w + b) = 2.5; a central difference of a quadratic is
// exact but for rounding.
describe('gradient check on a unit worked by hand', () => {
  const unit = (activation: 'linear' | 'tanh' = 'linear', bias = true) => {
    const network = new Network({ inputs: 1, dtype: 'float64', layers: [{ units: 1, activation: resolveActivation(activation), bias }] });
    network.layers[0].W[0] = 0.5;
    network.layers[0].b[0] = bias ? 0.25 : 0;
    return network;
  };
  const X = Float64Array.of(2);
  const Y = Float64Array.of(0);

  it('centralDifference estimates one partial derivative and leaves the parameter as it was', () => {
    const network = unit();
    expect(centralDifference(network, X, Y, 1, LOSSES.sse, 0, 0)).toBeCloseTo(5, 8);
    expect(centralDifference(network, X, Y, 1, LOSSES.sse, 1, 0)).toBeCloseTo(2.5, 8);
    // λ/2·w² adds λ·w to ∂J/∂w and nothing to ∂J/∂b.
    expect(centralDifference(network, X, Y, 1, LOSSES.sse, 0, 0, { l2: 0.1 })).toBeCloseTo(5.05, 8);
    expect(centralDifference(network, X, Y, 1, LOSSES.sse, 1, 0, { l2: 0.1 })).toBeCloseTo(2.5, 8);
    expect([network.layers[0].W[0], network.layers[0].b[0]]).toEqual([0.5, 0.25]);
  });

  it('centralDifference uses the step it is given', () => {
    // J(w) = tanh(2w + 0.25)², not quadratic: the estimate depends on h.
    const J = (w: number) => Math.tanh(2 * w + 0.25) ** 2;
    const h = 0.25;
    const network = unit('tanh');
    expect(centralDifference(network, X, Y, 1, LOSSES.sse, 0, 0, { epsilon: h })).toBeCloseTo((J(0.5 + h) - J(0.5 - h)) / (2 * h), 14);
    expect(centralDifference(network, X, Y, 1, LOSSES.sse, 0, 0)).toBeCloseTo((J(0.5 + 1e-5) - J(0.5 - 1e-5)) / 2e-5, 9);
  });

  it('relativeError is |g − ĝ| / (|g| + |ĝ|), and 0 when both are 0', () => {
    expect(relativeError(3, 1)).toBe(0.5);
    expect(relativeError(-1, 1)).toBe(1);
    expect(relativeError(-3, -1)).toBe(0.5);
    expect(relativeError(0, 0)).toBe(0);
    expect(relativeError(0, 2)).toBe(1);
  });

  it('reports each tensor and fails a gradient twice too large, naming the numbers', () => {
    // The loss's gradient doubled: analytic (10, 5) against numeric (5, 2.5).
    const doubled = { ...LOSSES.sse, gradient: (a: ArrayLike<number>, y: ArrayLike<number>, dA: Float64Array) => dA.set([4 * (a[0] - y[0])]) };
    const network = unit();
    const report = gradientCheck(network, X, Y, 1, doubled as typeof LOSSES.sse);
    expect(report.analytic.map((g) => Array.from(g))).toEqual([[10], [5]]);
    expect(report.tensors.map((t) => [t.name, t.checked, t.total])).toEqual([['layers[0].W', 1, 1], ['layers[0].b', 1, 1]]);
    expect(report.tensors[0].relativeError).toBeCloseTo(1 / 3, 8);
    expect(report.tensors[0].maxAbsoluteError).toBeCloseTo(5, 8);
    expect(report.tensors[1].maxAbsoluteError).toBeCloseTo(2.5, 8);
    expect(report.maxRelativeError).toBeCloseTo(1 / 3, 8);
    expect(report.passed).toBe(false);
    expect(formatGradcheckReport(report)).toBe(
      [
        'layers[0].W  relative error 3.33e-1  max |Δ| 5.00e+0  (1 of 1 entries)',
        'layers[0].b  relative error 3.33e-1  max |Δ| 2.50e+0  (1 of 1 entries)',
        'FAIL: largest relative error 3.33e-1 exceeds 1e-7; backpropagation disagrees with finite differences',
      ].join('\n'),
    );
    // The check puts the parameters back.
    expect([network.layers[0].W[0], network.layers[0].b[0]]).toEqual([0.5, 0.25]);
  });

  it('passes only below the threshold it is given', () => {
    const network = unit();
    const right = gradientCheck(network, X, Y, 1, LOSSES.sse);
    expect(right.analytic.map((g) => Array.from(g))).toEqual([[5], [2.5]]);
    expect(right.maxRelativeError).toBeLessThan(1e-9);
    expect(right.threshold).toBe(1e-7);
    expect(right.passed).toBe(true);
    expect(gradientCheck(network, X, Y, 1, LOSSES.sse, { threshold: right.maxRelativeError }).passed).toBe(false);
    expect(gradientCheck(network, X, Y, 1, LOSSES.sse, { threshold: 2 * right.maxRelativeError + 1e-300 }).passed).toBe(true);
  });

  it('reports the largest of the tensors’ relative errors', () => {
    // A gradient off by +1 per sample: on x = (2, −2) the errors cancel in dW = Σ g·x, not in db = Σ g.
    const offset = { ...LOSSES.sse, gradient: (a: ArrayLike<number>, y: ArrayLike<number>, dA: Float64Array) => dA.set([2 * (a[0] - y[0]) + 1, 2 * (a[1] - y[1]) + 1]) };
    const report = gradientCheck(unit(), Float64Array.of(2, -2), Float64Array.of(0, 0), 2, offset as typeof LOSSES.sse);
    const [w, b] = report.tensors.map((t) => t.relativeError);
    expect(w).toBeLessThan(1e-9);
    expect(b).toBeGreaterThan(0.1);
    expect(report.maxRelativeError).toBe(b);
    expect(report.passed).toBe(false);
  });

  it('adds λ·W to the analytic gradient of W only', () => {
    const report = gradientCheck(unit(), X, Y, 1, LOSSES.sse, { l2: 0.1 });
    expect(report.analytic.map((g) => Array.from(g))).toEqual([[5.05], [2.5]]);
    expect(report.passed).toBe(true);
  });

  it('skips the b of a layer without bias', () => {
    const report = gradientCheck(unit('linear', false), X, Y, 1, LOSSES.sse);
    expect(report.tensors.map((t) => [t.name, t.checked, t.total, t.relativeError])).toEqual([
      ['layers[0].W', 1, 1, expect.any(Number)],
      ['layers[0].b', 0, 1, 0],
    ]);
    expect(report.passed).toBe(true);
  });

  it('lines the tensor names up and states a pass with its threshold', () => {
    const tensor = (name: string) => ({ name, checked: 2, total: 4, relativeError: 1.5e-10, maxAbsoluteError: 2e-12 });
    const text = formatGradcheckReport({ tensors: [tensor('W'), tensor('bias')], maxRelativeError: 1.5e-10, threshold: 1e-7, passed: true, analytic: [] });
    expect(text).toBe(
      [
        'W     relative error 1.50e-10  max |Δ| 2.00e-12  (2 of 4 entries)',
        'bias  relative error 1.50e-10  max |Δ| 2.00e-12  (2 of 4 entries)',
        'PASS: every relative error is below 1e-7',
      ].join('\n'),
    );
  });
});

describe('gradient check sampling', () => {
  it('checks a seeded sample of distinct entries, the same for the same seed', () => {
    const network = randomNetwork([6, 5, 2], ['tanh', 'linear'], { seed: 21 });
    const X = randomMatrix(6 * 3, createRng(22));
    const Y = randomMatrix(2 * 3, createRng(23));
    const run = (seed: number, limit: number) => gradientCheck(network, X, Y, 3, LOSSES.mse, { maxEntriesPerTensor: limit, seed });
    const a = run(1, 4);
    expect(a.tensors.map((t) => t.checked)).toEqual([4, 4, 4, 2]);
    expect(run(1, 4).tensors).toEqual(a.tensors);
    // Another seed samples other entries of W (30 entries, 4 drawn): another largest |Δ|.
    expect(run(2, 4).tensors[0].maxAbsoluteError).not.toBe(a.tensors[0].maxAbsoluteError);
    // A limit at the tensor's size checks every entry, as no limit does.
    expect(run(1, 30).tensors[0]).toEqual(run(5, Infinity).tensors[0]);
  });

  it('draws tensor t\'s entries with seed + t (a partial Fisher–Yates shuffle) and sums their errors in ascending order', () => {
    const network = randomNetwork([6, 5, 2], ['tanh', 'linear'], { seed: 21 });
    const X = randomMatrix(6 * 3, createRng(22));
    const Y = randomMatrix(2 * 3, createRng(23));
    for (const [seed, limit] of [[3, 7], [4, 9], [5, 13], [6, 17], [7, 21]]) {
      const report = gradientCheck(network, X, Y, 3, LOSSES.mse, { maxEntriesPerTensor: limit, seed });
      network.parameters.forEach((p, t) => {
        const total = p.value.length;
        const all = Array.from({ length: total }, (_, i) => i);
        let entries = all;
        if (total > limit) {
          const rng = createRng(seed + t);
          for (let i = 0; i < limit; i++) {
            const j = i + rng.int(total - i);
            [all[i], all[j]] = [all[j], all[i]];
          }
          entries = all.slice(0, limit).sort((a, b) => a - b);
        }
        let differenceSquares = 0;
        let analyticSquares = 0;
        let numericSquares = 0;
        let maxAbsoluteError = 0;
        for (const i of entries) {
          const analytic = report.analytic[t][i];
          const numeric = centralDifference(network, X, Y, 3, LOSSES.mse, t, i);
          differenceSquares += (analytic - numeric) ** 2;
          analyticSquares += analytic * analytic;
          numericSquares += numeric * numeric;
          maxAbsoluteError = Math.max(maxAbsoluteError, Math.abs(analytic - numeric));
        }
        const relative = Math.sqrt(differenceSquares) / (Math.sqrt(analyticSquares) + Math.sqrt(numericSquares));
        // To the bit: another sample or another order of the same sample gives other last bits.
        expect(report.tensors[t], `${p.name}, seed ${seed}`).toEqual({ name: p.name, checked: entries.length, total, relativeError: relative, maxAbsoluteError });
      });
    }
  });
});
