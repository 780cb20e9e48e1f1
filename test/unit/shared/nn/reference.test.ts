import { describe, expect, it } from 'vitest';
import { getKernels } from '../../../../src/shared/nn/kernels';
import { REFERENCE_FIXTURES, replayReference } from './reference-fixtures';

// Replays the numpy reference (test/reference/reference.py) step by step on the float64 core (on
// the ts and the wasm backend):
// every batch loss and every final weight must agree to 1e-9.

function maxDifference(actual: ArrayLike<number>, expected: number[]): number {
  expect(actual.length).toBe(expected.length);
  let max = 0;
  for (let i = 0; i < expected.length; i++) max = Math.max(max, Math.abs(actual[i] - expected[i]));
  return max;
}

describe('numeric core against the numpy reference', () => {
  it('has the four reference cases', () => {
    expect(REFERENCE_FIXTURES.map((f) => f.name)).toEqual(['linear-mse-nesterov', 'sigmoid-bce-sgd', 'sigmoid-sse-momentum', 'softmax-cce-adam', 'softmax-cce-sgd']);
  });

  // The float64 wasm backend as well: it gives the ts backend's bits (kernels-wasm-float64.test.ts).
  it.each(REFERENCE_FIXTURES.flatMap((f) => (['ts', 'wasm'] as const).map((backend) => [f.name, backend, f] as const)))('%s on %s: 50 steps match within 1e-9', (_name, backend, fixture) => {
    expect(fixture.batches).toHaveLength(50);
    const { losses, network } = replayReference(fixture, 'float64', getKernels(backend, 'float64'));
    expect(network.kernels.name).toBe(backend);
    losses.forEach((value, step) => expect(Math.abs(value - fixture.losses[step]), `loss of step ${step + 1}`).toBeLessThan(1e-9));

    network.layers.forEach((layer, l) => {
      expect(maxDifference(layer.W, fixture.final[l].W.flat()), `final W of layer ${l}`).toBeLessThan(1e-9);
      expect(maxDifference(layer.b, fixture.final[l].b), `final b of layer ${l}`).toBeLessThan(1e-9);
    });
    // The run must actually have moved the weights, or matching the final weights would prove little.
    expect(maxDifference(network.layers[0].W, fixture.initial[0].W.flat())).toBeGreaterThan(1e-3);
  });
});
