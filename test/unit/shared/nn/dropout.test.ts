import { describe, expect, it } from 'vitest';
import { LOSSES } from '../../../../src/shared/nn/losses';
import { createRng } from '../../../../src/shared/nn/rng';
import { binary, randomMatrix, randomNetwork } from './helpers';

// Inverted dropout: masks only while training, scaled so inference needs no correction.

describe('dropout', () => {
  const X = randomMatrix(4 * 50, createRng(1));

  it('is off at inference: outputs equal the same weights without dropout, every time', () => {
    const withDropout = randomNetwork([4, 30, 30, 2], ['relu', 'tanh', 'sigmoid'], { seed: 5, dropout: [0.5, 0.3] });
    const without = randomNetwork([4, 30, 30, 2], ['relu', 'tanh', 'sigmoid'], { seed: 5 });
    const first = Array.from(withDropout.forward(X, 50));
    expect(Array.from(withDropout.forward(X, 50))).toEqual(first);
    expect(Array.from(without.forward(X, 50))).toEqual(first);
    // While training the output differs from inference.
    expect(Array.from(withDropout.forward(X, 50, createRng(2)))).not.toEqual(first);
  });

  it('zeroes about p of the units while training and scales survivors by 1/(1 − p)', () => {
    const network = randomNetwork([4, 200, 1], ['sigmoid', 'linear'], { seed: 5, dropout: [0.25] });
    network.forward(X, 50);
    const clean = Array.from(network.activations(0));
    // activations() stays the pre-dropout output g(Z), which diagnostics and g' need.
    network.forward(X, 50, createRng(3));
    expect(Array.from(network.activations(0))).toEqual(clean);
    // With the output layer reading hidden unit k alone (W = e_k, b = 0), the output is that
    // unit's activation as the next layer saw it: masked and rescaled.
    const output = network.layers[1];
    output.b.fill(0);
    let zeros = 0;
    let scaled = 0;
    for (let k = 0; k < 200; k += 10) {
      output.W.fill(0);
      output.W[k] = 1;
      const out = network.forward(X, 50, createRng(100 + k));
      for (let j = 0; j < 50; j++) {
        if (out[j] === 0) zeros++;
        else {
          expect(out[j]).toBeCloseTo(clean[k * 50 + j] / 0.75, 14);
          scaled++;
        }
      }
    }
    expect(zeros + scaled).toBe(1000);
    expect(zeros / 1000).toBeGreaterThan(0.2);
    expect(zeros / 1000).toBeLessThan(0.3);
  });

  it('backpropagates through the same mask (finite differences with a fixed mask)', () => {
    const network = randomNetwork([4, 6, 5, 1], ['tanh', 'relu', 'sigmoid'], { seed: 9, dropout: [0.4, 0.3] });
    const Xs = randomMatrix(4 * 8, createRng(10));
    const Y = binary(8, createRng(11));
    const loss = LOSSES.binaryCrossEntropy;
    const objective = () => loss.value(network.forward(Xs, 8, createRng(77)), Y, 1, 8);
    objective();
    network.backward(Y, loss);
    const h = 1e-5;
    for (const p of network.parameters) {
      const analytic = Array.from(p.grad);
      let diff = 0;
      let scale = 0;
      for (let i = 0; i < p.value.length; i++) {
        const original = p.value[i];
        p.value[i] = original + h;
        const plus = objective();
        p.value[i] = original - h;
        const minus = objective();
        p.value[i] = original;
        const numeric = (plus - minus) / (2 * h);
        diff += (analytic[i] - numeric) ** 2;
        scale += analytic[i] ** 2 + numeric ** 2;
      }
      expect(Math.sqrt(diff) / Math.sqrt(scale), p.name).toBeLessThan(1e-7);
    }
  });
});
