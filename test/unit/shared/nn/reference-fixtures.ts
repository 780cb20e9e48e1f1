import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveActivation } from '../../../../src/shared/nn/activations';
import type { Kernels } from '../../../../src/shared/nn/kernels/types';
import { LOSSES } from '../../../../src/shared/nn/losses';
import { Network } from '../../../../src/shared/nn/network';
import { createOptimizer } from '../../../../src/shared/nn/optimizers';
import { trainStep } from '../../../../src/shared/nn/train';
import { OptimizerSpecSchema } from '../../../../src/shared/schema/experiment';
import type { DType, LossName } from '../../../../src/shared/schema/names';

// The numpy reference cases (test/reference/reference.py writes test/fixtures/reference/*.json)
// and their replay on the core: same initial weights, same batches, same optimizer. The tests for
// each backend and dtype compare what the replay returns with the fixture at their own tolerance.

export interface ReferenceFixture {
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
export const REFERENCE_FIXTURES: ReferenceFixture[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')));

/** Column-per-sample matrix (rows[0].length × batch.length) of the given sample rows. */
function columns(rows: number[][], batch: number[], dtype: DType): Float64Array | Float32Array {
  const width = rows[0].length;
  const out = dtype === 'float32' ? new Float32Array(width * batch.length) : new Float64Array(width * batch.length);
  batch.forEach((sample, j) => rows[sample].forEach((v, i) => (out[i * batch.length + j] = v)));
  return out;
}

/** Trains the fixture's network through its batches; returns the loss of every step and the network. */
export function replayReference(fixture: ReferenceFixture, dtype: DType, kernels?: Kernels): { losses: number[]; network: Network } {
  const network = new Network({
    inputs: fixture.sizes[0],
    layers: fixture.layers.map((activation, l) => ({ units: fixture.sizes[l + 1], activation: resolveActivation(activation) })),
    dtype,
    kernels,
  });
  network.layers.forEach((layer, l) => {
    layer.W.set(fixture.initial[l].W.flat());
    layer.b.set(fixture.initial[l].b);
  });
  const loss = LOSSES[fixture.loss];
  const optimizer = createOptimizer(OptimizerSpecSchema.parse(fixture.optimizer), network);
  const learningRate = (fixture.optimizer as { learningRate: number }).learningRate;
  const losses = fixture.batches.map((batch) =>
    trainStep(network, columns(fixture.x, batch, dtype), columns(fixture.y, batch, dtype), batch.length, loss, optimizer, learningRate),
  );
  return { losses, network };
}
