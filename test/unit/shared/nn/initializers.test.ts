import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../../../src/shared/nn/activations';
import { initializeNetwork, INITIALIZERS, resolveInit } from '../../../../src/shared/nn/initializers';
import { Network } from '../../../../src/shared/nn/network';
import { createRng } from '../../../../src/shared/nn/rng';
import { randomNetwork } from './helpers';

// Exact draws: an initializer takes one number from the run's generator per weight, in order, so
// the same seed gives the same weights and the next layer draws on from there. (registries.test.ts
// checks the distributions' ranges and spreads.)

const draws = (n: number, kind: 'next' | 'normal', seed = 7) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng[kind]());
};

describe('initializers', () => {
  it('uniform takes exactly one draw per weight: low + (high − low)·u, and the generator goes on from there', () => {
    const { initializer, params } = resolveInit({ name: 'uniform', low: -2, high: 2 });
    const rng = createRng(7);
    const w = new Float64Array(3);
    initializer.fill(w, 3, 1, params, rng);
    const u = draws(4, 'next');
    expect(Array.from(w)).toEqual(u.slice(0, 3).map((x) => -2 + 4 * x));
    expect(rng.next()).toBe(u[3]);
  });

  it('normal is mean + std·z with one normal per weight, and the generator goes on from there', () => {
    const { initializer, params } = resolveInit({ name: 'normal', mean: 3, std: 2 });
    const rng = createRng(7);
    const w = new Float64Array(3);
    initializer.fill(w, 3, 1, params, rng);
    const z = draws(4, 'normal');
    expect(Array.from(w)).toEqual(z.slice(0, 3).map((x) => 3 + 2 * x));
    expect(rng.normal()).toBe(z[3]);
  });

  it('zeros overwrites whatever the weights held', () => {
    const w = Float64Array.of(1, -2, 3);
    INITIALIZERS.zeros.fill(w, 3, 1, resolveInit('zeros').params, createRng(1));
    expect(Array.from(w)).toEqual([0, 0, 0]);
  });

  it('resolves to a complete parameter set: defaults over zeros; a parameter given as undefined keeps its default', () => {
    expect(resolveInit('heNormal').params).toEqual({ value: 0, low: 0, high: 0, mean: 0, std: 0 });
    expect(resolveInit({ name: 'uniform', low: undefined, high: 2 }).params).toEqual({ value: 0, low: 0, high: 2, mean: 0, std: 0 });
  });

  it('gives biases 0 for "zeros" (a string or {"name": "zeros"}) and the value of a constant', () => {
    for (const [biasInit, expected] of [
      ['zeros', 0],
      [{ name: 'zeros' }, 0],
      [{ name: 'constant', value: 0.25 }, 0.25],
    ] as const) {
      const net = randomNetwork([2, 3, 1], ['tanh', 'sigmoid']);
      initializeNetwork(net, ['heNormal', 'heNormal'], biasInit, createRng(1));
      expect(net.layers.flatMap((layer) => Array.from(layer.b))).toEqual([expected, expected, expected, expected]);
    }
  });

  it('leaves b at zero on a layer without bias, whatever the bias initializer', () => {
    const net = new Network({ inputs: 2, dtype: 'float64', layers: [{ units: 3, activation: resolveActivation('tanh'), bias: false }, { units: 1, activation: resolveActivation('sigmoid') }] });
    initializeNetwork(net, ['heNormal', 'heNormal'], { name: 'constant', value: 0.25 }, createRng(1));
    expect([Array.from(net.layers[0].b), Array.from(net.layers[1].b)]).toEqual([[0, 0, 0], [0.25]]);
  });
});
