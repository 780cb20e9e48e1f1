import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../../../../src/shared/nn/activations';
import { LOG_EPSILON, LOSSES } from '../../../../src/shared/nn/losses';
import { log, tanh } from '../../../../src/shared/nn/math';
import { createRng } from '../../../../src/shared/nn/rng';

// Values of the activations and losses on hand-computed examples, including the extremes where
// a naive formula overflows or takes ln 0.

const map = (name: keyof typeof ACTIVATIONS, z: number[], rows = z.length, cols = 1, slope = 0.01) => {
  const a = new Float64Array(z.length);
  ACTIVATIONS[name].forward(Float64Array.from(z), a, rows, cols, slope);
  return Array.from(a);
};

describe('activations', () => {
  it('compute their definitions', () => {
    const [half, threeQuarters] = map('sigmoid', [0, Math.log(3)]);
    expect(half).toBe(0.5);
    expect(threeQuarters).toBeCloseTo(0.75, 15);
    expect(map('tanh', [0, 1])).toEqual([0, tanh(1)]);
    expect(map('relu', [-2, 0, 3])).toEqual([0, 0, 3]);
    expect(map('leakyRelu', [-2, 3], 2, 1, 0.1)).toEqual([-0.2, 3]);
    expect(map('linear', [-2, 3])).toEqual([-2, 3]);
  });

  it('sigmoid saturates to exactly 0 and 1 without NaN', () => {
    expect(map('sigmoid', [-1000, 1000])).toEqual([0, 1]);
  });

  it('softmax normalizes each column (samples are columns) and survives huge logits', () => {
    // 2 classes × 3 samples, row-major: column j is (z[j], z[3 + j]).
    const a = map('softmax', [0, 1000, -1000, Math.log(3), 1000, 0], 2, 3);
    expect(a[0]).toBeCloseTo(0.25, 15);
    expect(a[3]).toBeCloseTo(0.75, 15);
    expect([a[1], a[4]]).toEqual([0.5, 0.5]);
    expect([a[2], a[5]]).toEqual([0, 1]);
  });

  it('backward maps multiply by the derivative', () => {
    const dZ = new Float64Array(2);
    ACTIVATIONS.sigmoid.backward(new Float64Array(2), Float64Array.of(0.5, 0.75), Float64Array.of(2, 4), dZ, 2, 1, 0);
    expect(Array.from(dZ)).toEqual([0.5, 0.75]);
    ACTIVATIONS.leakyRelu.backward(Float64Array.of(-1, 1), new Float64Array(2), Float64Array.of(2, 4), dZ, 2, 1, 0.1);
    expect(Array.from(dZ)).toEqual([0.2, 4]);
  });
});

describe('losses', () => {
  const A = Float64Array.of(0.5, 0.8, 0.1, 0.4); // 2 outputs × 2 samples
  const Y = Float64Array.of(1, 1, 0, 0);

  it("sse is the first tutorial's Σ(A − Y)² over every output and sample, not halved nor divided by m; ∂E/∂A = 2(A − Y)", () => {
    expect(LOSSES.sse.value(A, Y, 2, 2)).toBeCloseTo(0.25 + 0.04 + 0.01 + 0.16, 15);
    const dA = new Float64Array(4);
    LOSSES.sse.gradient(A, Y, dA, 2, 2);
    expect(Array.from(dA)).toEqual([-1, 2 * (0.8 - 1), 0.2, 0.8]);
  });

  it('mse is the mean over every output and sample', () => {
    expect(LOSSES.mse.value(A, Y, 2, 2)).toBeCloseTo((0.25 + 0.04 + 0.01 + 0.16) / 4, 15);
  });

  it('binary cross-entropy is −1/m·Σ[Y ln A + (1 − Y) ln(1 − A)]', () => {
    const expected = -(Math.log(0.5) + Math.log(0.8) + Math.log(0.9) + Math.log(0.6)) / 2;
    expect(LOSSES.binaryCrossEntropy.value(A, Y, 2, 2)).toBeCloseTo(expected, 14);
  });

  it('binary cross-entropy with 0/1 targets has the bits of its two-term formula, saturated outputs and soft targets included', () => {
    const rng = createRng(3);
    const m = 64;
    const a = Float32Array.from({ length: m }, (_, i) => (i % 8 === 0 ? 0 : i % 8 === 1 ? 1 : rng.next()));
    const y = Float32Array.from({ length: m }, (_, i) => (i % 5 === 4 ? 0.25 : rng.int(2)));
    let s = 0;
    for (let i = 0; i < m; i++) {
      const p = Math.min(Math.max(a[i], LOG_EPSILON), 1 - LOG_EPSILON);
      s += y[i] * log(p) + (1 - y[i]) * log(1 - p);
    }
    expect(Object.is(LOSSES.binaryCrossEntropy.value(a, y, 1, m), -s / m)).toBe(true);
  });

  it('categorical cross-entropy is −1/m·Σ Y ln A', () => {
    const P = Float64Array.of(0.25, 0.5, 0.75, 0.5); // 2 classes × 2 samples, columns sum to 1
    const T = Float64Array.of(0, 1, 1, 0);
    expect(LOSSES.categoricalCrossEntropy.value(P, T, 2, 2)).toBeCloseTo(-(Math.log(0.75) + Math.log(0.5)) / 2, 15);
  });

  it('clips logs so saturated outputs give a large finite loss', () => {
    // −ln ε ≈ 34.54 per sample (1 − ε rounds in float64, hence the looser digits).
    const worst = -Math.log(LOG_EPSILON);
    expect(LOSSES.binaryCrossEntropy.value(Float64Array.of(0, 1), Float64Array.of(1, 0), 1, 2)).toBeCloseTo(worst, 2);
    expect(LOSSES.categoricalCrossEntropy.value(Float64Array.of(0, 1), Float64Array.of(1, 0), 2, 1)).toBeCloseTo(worst, 6);
    const dA = new Float64Array(2);
    LOSSES.binaryCrossEntropy.gradient(Float64Array.of(0, 1), Float64Array.of(1, 0), dA, 1, 2);
    expect(dA.every(Number.isFinite)).toBe(true);
  });

  it('fuses with exactly the activations whose derivative cancels', () => {
    expect(LOSSES.binaryCrossEntropy.fusedActivation).toBe('sigmoid');
    expect(LOSSES.categoricalCrossEntropy.fusedActivation).toBe('softmax');
    expect(LOSSES.sse.fusedActivation).toBeUndefined();
    expect(LOSSES.mse.fusedActivation).toBeUndefined();
  });

  it('categorical cross-entropy takes only the target classes\' outputs: a NaN where the target is 0 does not reach the loss', () => {
    // Column 1: target class 1 at 0.5; column 2: target class 0 at 0.25. The other outputs play no part.
    const value = LOSSES.categoricalCrossEntropy.value(Float64Array.of(NaN, 0.25, 0.5, Infinity), Float64Array.of(0, 1, 1, 0), 2, 2);
    expect(value).toBe(-(log(0.5) + log(0.25)) / 2);
  });
});
