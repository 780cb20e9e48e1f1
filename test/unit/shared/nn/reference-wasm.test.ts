import { describe, expect, it } from 'vitest';
import { getKernels } from '../../../../src/shared/nn/kernels';
import { REFERENCE_FIXTURES, replayReference } from './reference-fixtures';

// The numpy reference replay (reference.test.ts) on the wasm backend in float32: same initial
// weights (rounded to float32), same batches, same optimizer. float64 matches to 1e-9; float32
// rounds at ~6e-8 relative per operation, so every batch loss and final weight must agree to 2e-6
// relative (to 2e-6 absolute below magnitude 1).

/** max |actual − expected| / max(1, max |expected|). */
function scaledDifference(actual: ArrayLike<number>, expected: number[]): number {
  expect(actual.length).toBe(expected.length);
  let max = 0;
  let scale = 1;
  for (let i = 0; i < expected.length; i++) {
    max = Math.max(max, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return max / scale;
}

describe('wasm backend (float32) against the numpy reference', () => {
  it.each(REFERENCE_FIXTURES.map((f) => [f.name, f] as const))('%s: 50 steps match to float32 precision', (_name, fixture) => {
    const { losses, network } = replayReference(fixture, 'float32', getKernels('wasm', 'float32'));
    const worstLoss = Math.max(...losses.map((value, step) => Math.abs(value - fixture.losses[step]) / Math.max(1, Math.abs(fixture.losses[step]))));
    let worstWeight = 0;
    network.layers.forEach((layer, l) => {
      worstWeight = Math.max(worstWeight, scaledDifference(layer.W, fixture.final[l].W.flat()), scaledDifference(layer.b, fixture.final[l].b));
    });
    // Measured: at most 3.6e-7 (loss) and 2.5e-7 (weights) over the four cases.
    expect(worstLoss).toBeLessThan(2e-6);
    expect(worstWeight).toBeLessThan(2e-6);
    // The run must actually have moved the weights, or matching the final weights would prove little.
    expect(scaledDifference(network.layers[0].W, fixture.initial[0].W.flat())).toBeGreaterThan(1e-3);
  });
});
