import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../../../src/shared/nn/activations';
import { getKernels } from '../../../../src/shared/nn/kernels';
import { LOSSES } from '../../../../src/shared/nn/losses';
import { Network } from '../../../../src/shared/nn/network';
import { createOptimizer } from '../../../../src/shared/nn/optimizers';
import { trainStep } from '../../../../src/shared/nn/train';
import { OptimizerSpecSchema } from '../../../../src/shared/schema/experiment';
import type { LossName } from '../../../../src/shared/schema/names';

// The numpy reference replay (reference.test.ts, fixtures from test/reference/reference.py) on the
// wasm backend in float32: same initial weights (rounded to float32), same batches, same
// optimizer. float64 matches to 1e-9; float32 rounds at ~6e-8 relative per operation, so every
// batch loss and final weight must agree to 2e-6 relative (to 2e-6 absolute below magnitude 1).

interface ReferenceFixture {
  name: string;
  sizes: number[];
  layers: { name: 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'linear' | 'softmax'; slope?: number }[];
  loss: LossName;
  optimizer: unknown;
  x: number[][];
  y: number[][];
  batches: number[][];
  initial: { W: number[][]; b: number[] }[];
  losses: number[];
  final: { W: number[][]; b: number[] }[];
}

const DIR = join(__dirname, '../../../fixtures/reference');
const fixtures: ReferenceFixture[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')));

/** Column-per-sample float32 matrix of the given sample rows. */
function columns(rows: number[][], batch: number[]): Float32Array {
  const width = rows[0].length;
  const out = new Float32Array(width * batch.length);
  batch.forEach((sample, j) => rows[sample].forEach((v, i) => (out[i * batch.length + j] = v)));
  return out;
}

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
  it('replays all four reference cases', () => {
    expect(fixtures.map((f) => f.name)).toEqual(['linear-mse-nesterov', 'sigmoid-bce-sgd', 'softmax-cce-adam', 'softmax-cce-sgd']);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s: 50 steps match to float32 precision', (_name, fixture) => {
    const network = new Network({
      inputs: fixture.sizes[0],
      layers: fixture.layers.map((activation, l) => ({ units: fixture.sizes[l + 1], activation: resolveActivation(activation) })),
      dtype: 'float32',
      kernels: getKernels('wasm', 'float32'),
    });
    network.layers.forEach((layer, l) => {
      layer.W.set(fixture.initial[l].W.flat());
      layer.b.set(fixture.initial[l].b);
    });
    const loss = LOSSES[fixture.loss];
    const optimizer = createOptimizer(OptimizerSpecSchema.parse(fixture.optimizer), network);
    const learningRate = (fixture.optimizer as { learningRate: number }).learningRate;

    let worstLoss = 0;
    fixture.batches.forEach((batch, step) => {
      const value = trainStep(network, columns(fixture.x, batch), columns(fixture.y, batch), batch.length, loss, optimizer, learningRate);
      worstLoss = Math.max(worstLoss, Math.abs(value - fixture.losses[step]) / Math.max(1, Math.abs(fixture.losses[step])));
    });
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
