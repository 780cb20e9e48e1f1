import { describe, expect, it } from 'vitest';
import type { Samples } from '../../../../src/shared/nn/batches';
import { LOG_EPSILON, LOSSES } from '../../../../src/shared/nn/losses';
import { buildNetwork } from '../../../../src/shared/nn/model';
import { createRng } from '../../../../src/shared/nn/rng';
import { evaluate } from '../../../../src/shared/nn/train';
import type { ActivationName, LossName } from '../../../../src/shared/schema/names';

// How each loss reduces over the rows of a whole set, on 600 rows: more than two evaluation chunks
// of 256, the last one partial, so summing chunk means, or averaging a sum, shows. Expected values
// are computed here by hand from the weights: sse sums over rows and outputs; mse averages over
// both; the cross-entropies average over rows and sum over outputs.

const ROWS = 600;
const FEATURES = 3;

function setup(loss: LossName, activation: ActivationName, outputs: number) {
  const rng = createRng(9);
  const network = buildNetwork(
    { layers: [{ units: outputs, activation }], init: 'xavierNormal', biasInit: 'zeros', loss },
    { inputs: FEATURES, dtype: 'float64', rng: rng.fork() },
  );
  network.layers[0].b.set(Array.from({ length: outputs }, (_, o) => 0.1 * (o + 1)));
  const x = Float64Array.from({ length: ROWS * FEATURES }, () => rng.normal());
  const labels = Int32Array.from({ length: ROWS }, (_, r) => r % outputs);
  const y = new Float64Array(ROWS * outputs);
  for (let r = 0; r < ROWS; r++) {
    for (let o = 0; o < outputs; o++) y[r * outputs + o] = activation === 'linear' ? Math.sin(r + o) : labels[r] === o ? 1 : 0;
  }
  const samples: Samples = { x, features: FEATURES, y, outputs, labels: activation === 'linear' ? undefined : labels };
  /** The network's outputs for row r, by hand. */
  const output = (r: number) => {
    const { W, b } = network.layers[0];
    const z = Array.from({ length: outputs }, (_, o) => b[o] + Array.from({ length: FEATURES }, (_, k) => W[o * FEATURES + k] * x[r * FEATURES + k]).reduce((s, v) => s + v, 0));
    if (activation === 'sigmoid') return z.map((v) => 1 / (1 + Math.exp(-v)));
    if (activation === 'softmax') {
      const top = Math.max(...z);
      const e = z.map((v) => Math.exp(v - top));
      const sum = e.reduce((s, v) => s + v, 0);
      return e.map((v) => v / sum);
    }
    return z;
  };
  /** Σ over rows and outputs of `term(a, y)`. */
  const total = (term: (a: number, y: number) => number) => {
    let s = 0;
    for (let r = 0; r < ROWS; r++) output(r).forEach((a, o) => (s += term(a, y[r * outputs + o])));
    return s;
  };
  const metrics = evaluate(network, samples, Int32Array.from({ length: ROWS }, (_, r) => r), LOSSES[loss]);
  return { total, loss: metrics.loss };
}

describe('loss reduction over a whole set (600 rows, three evaluation chunks)', () => {
  it('sse: summed over every row and output, not averaged', () => {
    const { total, loss } = setup('sse', 'linear', 2);
    expect(loss).toBeCloseTo(total((a, y) => (a - y) ** 2), 9);
    expect(loss).toBeGreaterThan(ROWS * 0.1); // a mean would be of order 1
  });

  it('mse: averaged over rows and outputs', () => {
    const { total, loss } = setup('mse', 'linear', 2);
    expect(loss).toBeCloseTo(total((a, y) => (a - y) ** 2) / (ROWS * 2), 12);
  });

  it('binaryCrossEntropy: averaged over rows', () => {
    const { total, loss } = setup('binaryCrossEntropy', 'sigmoid', 1);
    expect(loss).toBeCloseTo(-total((a, y) => y * Math.log(a) + (1 - y) * Math.log(1 - a)) / ROWS, 12);
  });

  it('categoricalCrossEntropy: summed over outputs, averaged over rows', () => {
    const { total, loss } = setup('categoricalCrossEntropy', 'softmax', 3);
    expect(loss).toBeCloseTo(-total((a, y) => (y === 0 ? 0 : y * Math.log(a))) / ROWS, 12);
  });
});

describe('the cross-entropies clip the outputs before the log, in the value and in the gradient', () => {
  // An output of exactly 0 or 1 (a saturated sigmoid or softmax) would give ln 0 and 1/0.
  const cols = 2;
  it('categoricalCrossEntropy: ∂E/∂A = −Y / (clip(A)·m), finite at A = 0', () => {
    const a = Float64Array.of(0, 1, 1e-300, 0.5);
    const y = Float64Array.of(1, 0, 1, 0);
    const dA = new Float64Array(4);
    LOSSES.categoricalCrossEntropy.gradient(a, y, dA, 2, cols);
    expect(Array.from(dA)).toEqual([-1 / (LOG_EPSILON * cols), -0, -1 / (LOG_EPSILON * cols), -0]);
    expect(LOSSES.categoricalCrossEntropy.value(a, y, 2, cols)).toBe(-(2 * Math.log(LOG_EPSILON)) / cols);
  });

  it('binaryCrossEntropy: ∂E/∂A finite at A = 0 and A = 1', () => {
    const a = Float64Array.of(0, 1);
    const y = Float64Array.of(1, 0);
    const dA = new Float64Array(2);
    LOSSES.binaryCrossEntropy.gradient(a, y, dA, 1, cols);
    const [low, high] = [LOG_EPSILON, 1 - LOG_EPSILON];
    expect(Array.from(dA)).toEqual([(low - 1) / (low * (1 - low) * cols), high / (high * (1 - high) * cols)]);
    expect(Number.isFinite(LOSSES.binaryCrossEntropy.value(a, y, 1, cols))).toBe(true);
  });
});
