import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, resolveActivation } from '../../../../src/shared/nn/activations';

// The edges of the ReLU family and the parameters the diagnostics read: the derivative at exactly
// z = 0 (0 for relu, the slope for leakyRelu: the convention numpy references and PyTorch use),
// which units count as inactive ("dead"), where sigmoid and tanh count as saturated, and which
// activations carry a slope.

const backward = (name: 'relu' | 'leakyRelu', z: number[], slope = 0.01) => {
  const dZ = new Float64Array(z.length);
  ACTIVATIONS[name].backward(Float64Array.from(z), new Float64Array(z.length), new Float64Array(z.length).fill(2), dZ, z.length, 1, slope);
  return Array.from(dZ);
};

describe('activation edges', () => {
  it('relu and leakyRelu take the left derivative at z = 0', () => {
    expect(backward('relu', [-1, 0, 1])).toEqual([0, 0, 2]);
    expect(backward('leakyRelu', [-1, 0, 1], 0.1)).toEqual([0.2, 0.2, 2]);
  });

  it('count a unit as inactive where z ≤ 0', () => {
    for (const name of ['relu', 'leakyRelu'] as const) expect([-1, 0, 1e-12].map(ACTIVATIONS[name].inactive!)).toEqual([true, true, false]);
    expect(ACTIVATIONS.tanh.inactive).toBeUndefined();
  });

  it('saturate sigmoid outside (0.01, 0.99) and tanh outside (−0.99, 0.99)', () => {
    expect(ACTIVATIONS.sigmoid.saturated).toEqual({ below: 0.01, above: 0.99 });
    expect(ACTIVATIONS.tanh.saturated).toEqual({ below: -0.99, above: 0.99 });
    expect(ACTIVATIONS.relu.saturated).toBeUndefined();
  });

  it('give leakyRelu its slope (0.01 by default) and every other activation none', () => {
    expect(resolveActivation('leakyRelu')).toEqual({ name: 'leakyRelu', slope: 0.01 });
    expect(resolveActivation({ name: 'leakyRelu', slope: 0.2 })).toEqual({ name: 'leakyRelu', slope: 0.2 });
    expect(resolveActivation('relu')).toEqual({ name: 'relu', slope: 0 });
    expect(resolveActivation({ name: 'tanh', slope: 0.3 })).toEqual({ name: 'tanh', slope: 0 });
  });

  it('give relu(z) = +0 for z = ±0, and leakyRelu slope·z on the whole non-positive side (its sign of zero included)', () => {
    const forward = (name: 'relu' | 'leakyRelu', z: number[], slope: number) => {
      const a = new Float64Array(z.length).fill(NaN);
      ACTIVATIONS[name].forward(Float64Array.from(z), a, z.length, 1, slope);
      return Array.from(a);
    };
    // Object.is tells +0 from −0: the bits the wasm kernels and a checkpoint of outputs carry.
    expect(forward('relu', [-0, 0], 0).map((v) => Object.is(v, 0))).toEqual([true, true]);
    // A negative slope mirrors the negative side: z = +0 gives slope·(+0) = −0, z = −0 gives +0.
    expect(forward('leakyRelu', [0, -0, -2], -0.5).map((v) => (Object.is(v, -0) ? '-0' : v))).toEqual(['-0', 0, 1]);
  });
});
