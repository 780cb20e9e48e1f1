import { describe, expect, it } from 'vitest';
import { gradientCheck } from '../../../../src/shared/nn/gradcheck';
import { LOSSES } from '../../../../src/shared/nn/losses';
import { clipGradientNorm, createOptimizer, learningRateAt } from '../../../../src/shared/nn/optimizers';
import { createRng } from '../../../../src/shared/nn/rng';
import { trainStep } from '../../../../src/shared/nn/train';
import { OptimizerSpecSchema, type OptimizerSpec } from '../../../../src/shared/schema/experiment';
import { oneHot, randomMatrix, randomNetwork } from './helpers';

// Each optimizer's first step equals its formula applied to the gradient that passed the finite-
// difference check; a second step checks the state carries over (momentum, Adam's t).

const spec = (input: unknown) => OptimizerSpecSchema.parse(input);

/** θ₁ per entry, from θ₀ and the checked gradient g, written out independently of the kernels. */
function expectedFirstStep(optimizer: OptimizerSpec, theta: number, g: number): number {
  const lr = optimizer.learningRate;
  switch (optimizer.name) {
    case 'sgd':
      return theta - lr * g;
    case 'momentum':
      // v₁ = g
      return theta - lr * (optimizer.nesterov ? g + optimizer.momentum * g : g);
    case 'rmsprop':
      return theta - (lr * g) / (Math.sqrt((1 - optimizer.rho) * g * g) + optimizer.epsilon);
    case 'adam': {
      const mHat = ((1 - optimizer.beta1) * g) / (1 - optimizer.beta1);
      const vHat = ((1 - optimizer.beta2) * g * g) / (1 - optimizer.beta2);
      return theta - (lr * mHat) / (Math.sqrt(vHat) + optimizer.epsilon);
    }
  }
}

const OPTIMIZERS: OptimizerSpec[] = [
  spec({ name: 'sgd', learningRate: 0.1 }),
  spec({ name: 'momentum', learningRate: 0.1, momentum: 0.8 }),
  spec({ name: 'momentum', learningRate: 0.1, momentum: 0.8, nesterov: true }),
  spec({ name: 'rmsprop', learningRate: 0.01, rho: 0.95 }),
  spec({ name: 'adam', learningRate: 0.01 }),
];

function problem() {
  const network = randomNetwork([3, 5, 4, 3], ['tanh', 'leakyRelu', 'softmax'], { seed: 21 });
  const X = randomMatrix(3 * 6, createRng(22));
  const Y = oneHot(3, 6, createRng(23));
  return { network, X, Y };
}

describe('optimizers', () => {
  it.each(OPTIMIZERS.map((o) => [`${o.name}${'nesterov' in o && o.nesterov ? ' (nesterov)' : ''}`, o] as const))(
    '%s: the first step is the formula applied to the checked gradient',
    (_label, optimizerSpec) => {
      const { network, X, Y } = problem();
      const check = gradientCheck(network, X, Y, 6, LOSSES.categoricalCrossEntropy, { l2: 0.01 });
      expect(check.maxRelativeError).toBeLessThan(1e-7);
      const before = network.copyParameters();
      const optimizer = createOptimizer(optimizerSpec, network);
      trainStep(network, X, Y, 6, LOSSES.categoricalCrossEntropy, optimizer, optimizerSpec.learningRate, { l2: 0.01 });
      network.parameters.forEach((p, t) => {
        for (let i = 0; i < p.value.length; i++) {
          expect(p.value[i]).toBeCloseTo(expectedFirstStep(optimizerSpec, before[t][i], check.analytic[t][i]), 14);
        }
      });
      // The step moved every tensor.
      network.parameters.forEach((p, t) => expect(Array.from(p.value)).not.toEqual(Array.from(before[t])));
    },
  );

  it('momentum accumulates velocity and Adam counts steps across calls', () => {
    for (const optimizerSpec of [OPTIMIZERS[1], OPTIMIZERS[4]]) {
      const { network } = problem();
      const optimizer = createOptimizer(optimizerSpec, network);
      // Constant gradient g for two steps (set by hand, no backward in between).
      const g = 0.3;
      const theta = network.parameters[0].value[0];
      for (const p of network.parameters) p.grad.fill(g);
      optimizer.step(optimizerSpec.learningRate);
      optimizer.step(optimizerSpec.learningRate);
      const lr = optimizerSpec.learningRate;
      const expected =
        optimizerSpec.name === 'momentum'
          ? theta - lr * g - lr * (optimizerSpec.momentum * g + g)
          : // Adam with a constant gradient: m̂ = g and v̂ = g² at every t, so each step is lr·g/(|g| + ε).
            theta - 2 * ((lr * g) / (g + 1e-8));
      expect(network.parameters[0].value[0]).toBeCloseTo(expected, 14);
    }
  });

  it('clips the global gradient norm, keeping its direction', () => {
    const network = randomNetwork([2, 3, 1], ['tanh', 'linear'], { seed: 2 });
    network.parameters.forEach((p, t) => p.grad.fill(t + 1));
    const before = network.parameters.map((p) => Array.from(p.grad));
    const norm = Math.sqrt(before.flat().reduce((s, v) => s + v * v, 0));
    expect(clipGradientNorm(network, norm * 2)).toBeCloseTo(norm, 12);
    expect(network.parameters.map((p) => Array.from(p.grad))).toEqual(before);
    clipGradientNorm(network, 1);
    const after = network.parameters.flatMap((p) => Array.from(p.grad));
    expect(Math.hypot(...after)).toBeCloseTo(1, 12);
    after.forEach((v, i) => expect(v).toBeCloseTo(before.flat()[i] / norm, 12));
  });

  it('leaves a gradient whose norm equals the limit as it is, even where that norm is 0 or infinite', () => {
    // Scaling by limit/norm would then be 0/0 or ∞/∞: NaN in every entry.
    const network = randomNetwork([2, 3, 1], ['tanh', 'linear'], { seed: 2 });
    for (const p of network.parameters) p.grad.fill(0);
    expect(clipGradientNorm(network, 0)).toBe(0);
    expect(network.parameters.flatMap((p) => Array.from(p.grad))).toEqual(new Array(13).fill(0));
    network.parameters[0].grad[0] = Infinity;
    expect(clipGradientNorm(network, Infinity)).toBe(Infinity);
    expect(network.parameters[0].grad[0]).toBe(Infinity);
    expect(network.parameters[1].grad[0]).toBe(0);
  });

  it('schedules give the documented learning rate per 0-based epoch', () => {
    expect([0, 1, 5].map((e) => learningRateAt({ name: 'constant' }, 0.3, e))).toEqual([0.3, 0.3, 0.3]);
    expect([0, 9, 10, 19, 20].map((e) => learningRateAt({ name: 'step', every: 10, factor: 0.1 }, 1, e))).toEqual([1, 1, 0.1, 0.1, 0.1 ** 2]);
    expect([0, 1, 2].map((e) => learningRateAt({ name: 'exponential', rate: 0.9 }, 2, e))).toEqual([2, 2 * 0.9, 2 * 0.9 ** 2]);
  });
});
