import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveActivation } from '../../../../src/shared/nn/activations';
import { LOSSES } from '../../../../src/shared/nn/losses';
import { Network } from '../../../../src/shared/nn/network';
import { createOptimizer } from '../../../../src/shared/nn/optimizers';
import { trainStep } from '../../../../src/shared/nn/train';
import { OptimizerSpecSchema } from '../../../../src/shared/schema/experiment';
import type { LossName } from '../../../../src/shared/schema/names';

// Replays the numpy reference (test/reference/reference.py) step by step: same initial weights,
// same batches, same optimizer. Every batch loss and every final weight must agree to 1e-9.

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

/** Column-per-sample matrix (rows[0].length × batch.length) of the given sample rows. */
function columns(rows: number[][], batch: number[]): Float64Array {
  const width = rows[0].length;
  const out = new Float64Array(width * batch.length);
  batch.forEach((sample, j) => rows[sample].forEach((v, i) => (out[i * batch.length + j] = v)));
  return out;
}

function maxDifference(actual: ArrayLike<number>, expected: number[]): number {
  expect(actual.length).toBe(expected.length);
  let max = 0;
  for (let i = 0; i < expected.length; i++) max = Math.max(max, Math.abs(actual[i] - expected[i]));
  return max;
}

describe('numeric core against the numpy reference', () => {
  it('has the four reference cases', () => {
    expect(fixtures.map((f) => f.name)).toEqual(['linear-mse-nesterov', 'sigmoid-bce-sgd', 'softmax-cce-adam', 'softmax-cce-sgd']);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s: 50 steps match within 1e-9', (_name, fixture) => {
    const network = new Network({
      inputs: fixture.sizes[0],
      layers: fixture.layers.map((activation, l) => ({ units: fixture.sizes[l + 1], activation: resolveActivation(activation) })),
      dtype: 'float64',
    });
    network.layers.forEach((layer, l) => {
      layer.W.set(fixture.initial[l].W.flat());
      layer.b.set(fixture.initial[l].b);
    });
    const loss = LOSSES[fixture.loss];
    const optimizer = createOptimizer(OptimizerSpecSchema.parse(fixture.optimizer), network);
    const learningRate = (fixture.optimizer as { learningRate: number }).learningRate;

    expect(fixture.batches).toHaveLength(50);
    fixture.batches.forEach((batch, step) => {
      const X = columns(fixture.x, batch);
      const Y = columns(fixture.y, batch);
      const value = trainStep(network, X, Y, batch.length, loss, optimizer, learningRate);
      expect(Math.abs(value - fixture.losses[step]), `loss of step ${step + 1}`).toBeLessThan(1e-9);
    });

    network.layers.forEach((layer, l) => {
      expect(maxDifference(layer.W, fixture.final[l].W.flat()), `final W of layer ${l}`).toBeLessThan(1e-9);
      expect(maxDifference(layer.b, fixture.final[l].b), `final b of layer ${l}`).toBeLessThan(1e-9);
    });
    // The run must actually have moved the weights, or matching the final weights would prove little.
    expect(maxDifference(network.layers[0].W, fixture.initial[0].W.flat())).toBeGreaterThan(1e-3);
  });
});
